import { timestamptz } from "@/src/platform/db/columns";
import { bigint, bigserial, index, integer, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

/** The transactional outbox: one row per domain event, written in the same transaction as the change. */
export const events = pgTable(
  "events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    type: text("type").notNull(),
    aggregateType: text("aggregate_type").notNull(),
    aggregateId: text("aggregate_id").notNull(),
    actorId: text("actor_id"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    processedAt: timestamptz("processed_at"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamptz("next_attempt_at").notNull().defaultNow(),
    lastError: text("last_error"),
  },
  (t) => [
    index("events_pending_idx").on(t.processedAt, t.nextAttemptAt, t.id),
    index("events_aggregate_idx").on(t.aggregateType, t.aggregateId, t.id),
  ],
);

/** Handlers that already succeeded for an event: a retry skips them, so delivery is once per handler. */
export const eventHandlerRuns = pgTable(
  "event_handler_runs",
  {
    eventId: bigint("event_id", { mode: "number" })
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    handler: text("handler").notNull(),
    doneAt: timestamptz("done_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.handler] })],
);
