import { timestamptz } from "@/src/platform/db/columns";
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { user } from "@/src/platform/auth/schema";

import { RUN_STATUSES } from "./states";

/** The run ledger: one row per attempt, kept for audit. */
export const processRuns = pgTable(
  "process_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    pipeline: text("pipeline").notNull(),
    trigger: text("trigger").notNull(),
    status: text("status").notNull(),
    attempt: integer("attempt").notNull().default(1),
    startedAt: timestamptz("started_at").notNull().defaultNow(),
    finishedAt: timestamptz("finished_at"),
    durationMs: integer("duration_ms"),
    instance: text("instance").notNull(),
    stats: jsonb("stats").$type<Record<string, unknown>>(),
    error: jsonb("error").$type<{ message: string; stack?: string }>(),
    logs: jsonb("logs").$type<{ at: string; message: string }[]>().notNull().default([]),
    triggeredBy: text("triggered_by").references(() => user.id, { onDelete: "set null" }),
  },
  (t) => [
    check("process_runs_status_check", sql.raw(`"status" in (${RUN_STATUSES.map((s) => `'${s}'`).join(",")})`)),
    index("process_runs_pipeline_idx").on(t.pipeline, t.startedAt),
    index("process_runs_started_idx").on(t.startedAt),
    index("process_runs_status_idx").on(t.status, t.startedAt),
  ],
);

/** One row per pipeline: pause switch and the single-flight lease (owner + expiry, renewed by a heartbeat). */
export const pipelineState = pgTable("pipeline_state", {
  pipeline: text("pipeline").primaryKey(),
  paused: boolean("paused").notNull().default(false),
  leaseOwner: text("lease_owner"),
  leaseRunId: uuid("lease_run_id"),
  leaseExpiresAt: timestamptz("lease_expires_at"),
  /** The last scheduled tick that started a run: several instances firing one tick run it once. */
  lastTickAt: timestamptz("last_tick_at"),
  lastAlertAt: timestamptz("last_alert_at"),
});
