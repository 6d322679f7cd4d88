import { sql } from "drizzle-orm";
import { readFileSync } from "node:fs";
import path from "node:path";
import { env } from "./config/env";
import { enabledModules } from "./config/ring-config";
import { database } from "./db/client";
import { smtpConfigured } from "./mail/transport";
import { LLM_API_KEY_SETTING, type RemoteLlmProvider } from "./settings/definitions";
import { resolveSettings } from "./settings/resolve";
import { enabledProviders } from "@/src/modules/payments/providers";

const version = (() => {
  try {
    return (JSON.parse(readFileSync(path.resolve("package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
})();

/** Which LLM the matcher would use: the configured provider only when its key is present. */
export function llmProvider(settings: Record<string, { value: unknown }>): RemoteLlmProvider | "local" {
  const provider = settings.LLM_PROVIDER?.value as string;
  const keyName = provider in LLM_API_KEY_SETTING ? LLM_API_KEY_SETTING[provider as RemoteLlmProvider] : null;
  return keyName && settings[keyName]?.value ? (provider as RemoteLlmProvider) : "local";
}

/** Liveness: answered from memory. */
export function liveness() {
  return { status: "ok" as const, version, uptimeSeconds: Math.round(process.uptime()) };
}

const READY_TIMEOUT_MS = 2_000;

/** Readiness: one `select 1`, bounded, so a hung database reads as "not ready" rather than a hung probe. */
export async function readiness(): Promise<{ status: "ok" | "unavailable"; db: "pglite" | "postgres"; error?: string }> {
  const { db, kind } = database();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.execute(sql`select 1`),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
      }),
    ]);
    return { status: "ok", db: kind };
  } catch (e) {
    return { status: "unavailable", db: kind, error: e instanceof Error ? e.message : "database error" };
  } finally {
    clearTimeout(timer);
  }
}

/** Which providers answer, from settings read at most every few seconds: the report is polled by load balancers. */
let providersCache: { at: number; value: Promise<{ llm: RemoteLlmProvider | "local"; mail: "smtp" | "outbox"; payments: ReturnType<typeof enabledProviders> }> } | null = null;
const PROVIDERS_TTL_MS = 5_000;

function providers(db: ReturnType<typeof database>["db"]) {
  if (!providersCache || Date.now() - providersCache.at > PROVIDERS_TTL_MS) {
    const value = resolveSettings(db).then((settings) => ({
      llm: llmProvider(settings),
      mail: smtpConfigured(env()) ? ("smtp" as const) : ("outbox" as const),
      payments: enabledProviders(),
    }));
    providersCache = { at: Date.now(), value };
    value.catch(() => (providersCache = null));
  }
  return providersCache.value;
}

export async function healthReport() {
  const { db, kind } = database();
  await db.execute(sql`select 1`);
  return {
    status: "ok" as const,
    db: kind,
    version,
    modules: enabledModules(),
    providers: await providers(db),
  };
}
