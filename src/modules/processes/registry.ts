import type { ModuleName } from "@/src/platform/config/ring-config";
import type { Db } from "@/src/platform/db/client";

export interface PipelineContext {
  db: Db;
  signal: AbortSignal;
  now: () => Date;
  /** Bounded log lines stored with the run. */
  log: (message: string) => void;
}

export interface Pipeline {
  name: string;
  description: string;
  /** Cron expression (croner syntax) and its time zone. */
  schedule: string;
  timezone: string;
  module: ModuleName | "platform";
  timeoutMs: number;
  retry: { attempts: number; backoffMs: number };
  handler: (ctx: PipelineContext) => Promise<Record<string, unknown>>;
}

export const DEFAULT_POLICY = { timezone: "UTC", timeoutMs: 5 * 60_000, retry: { attempts: 2, backoffMs: 30_000 } };
