import { and, asc, eq, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import type { Logger } from "../log/logger";
import { startPollLoop, type PollLoop } from "../poll-loop";
import { eventHandlerRuns, events } from "./schema";

export type EventRow = typeof events.$inferSelect;

export interface EventHandler {
  /** Stable name: a handler that succeeded for an event is never run for it again. */
  name: string;
  /** Event types, or "*" for all. */
  types: readonly string[] | "*";
  /** May return work to do once the event's transaction has committed (e.g. waking other instances). */
  handle(db: Db, event: EventRow): Promise<void | AfterCommit>;
}

export type AfterCommit = () => Promise<void> | void;

export interface ConsumerOptions {
  batchSize?: number;
  maxAttempts?: number;
  /** Backoff for attempt n (1-based), in ms. */
  backoffMs?: (attempt: number) => number;
  now?: () => Date;
}

const defaultBackoff = (attempt: number) => Math.min(60_000 * 30, 1_000 * 2 ** (attempt - 1));

/**
 * Delivers pending outbox events to the registered handlers, at least once per handler.
 * Each event is handled in a transaction of its own (claimed with FOR UPDATE SKIP LOCKED, so several
 * instances share the work), keeping transactions short: on PGlite a transaction blocks every other query.
 * A handler that throws makes the event retry later with backoff; handlers that succeeded are skipped on retry.
 */
export async function deliverPendingEvents(
  db: Db,
  handlers: readonly EventHandler[],
  log: Logger,
  options: ConsumerOptions = {},
): Promise<number> {
  const { batchSize = 50, maxAttempts = 10, backoffMs = defaultBackoff, now = () => new Date() } = options;
  const due = and(isNull(events.processedAt), lte(events.nextAttemptAt, now()), sql`${events.attempts} < ${maxAttempts}`);
  const candidates = await db.select({ id: events.id }).from(events).where(due).orderBy(asc(events.id)).limit(batchSize);
  let delivered = 0;
  for (const { id } of candidates) {
    const afterCommit: AfterCommit[] = [];
    await db.transaction(async (tx) => {
      const [event] = await tx
        .select()
        .from(events)
        .where(and(eq(events.id, id), due))
        .for("update", { skipLocked: true });
      if (!event) return; // another worker took it, or it is done
      const failure = await runHandlers(tx, handlers, event, log, afterCommit);
      if (failure === null) {
        await tx.update(events).set({ processedAt: now(), attempts: event.attempts + 1, lastError: null }).where(eq(events.id, event.id));
        delivered++;
      } else {
        const attempt = event.attempts + 1;
        await tx
          .update(events)
          .set({ attempts: attempt, lastError: failure, nextAttemptAt: new Date(now().getTime() + backoffMs(attempt)) })
          .where(eq(events.id, event.id));
      }
    });
    for (const fn of afterCommit) {
      await Promise.resolve()
        .then(fn)
        .catch((e: unknown) => log.warn({ eventId: id, err: e instanceof Error ? e.message : String(e) }, "after-commit hook failed"));
    }
  }
  return delivered;
}

async function runHandlers(
  tx: Db,
  handlers: readonly EventHandler[],
  event: EventRow,
  log: Logger,
  afterCommit: AfterCommit[],
): Promise<string | null> {
  const matching = handlers.filter((h) => h.types === "*" || h.types.includes(event.type));
  if (matching.length === 0) return null;
  const done = new Set(
    (await tx.select({ handler: eventHandlerRuns.handler }).from(eventHandlerRuns).where(eq(eventHandlerRuns.eventId, event.id))).map(
      (r) => r.handler,
    ),
  );
  const errors: string[] = [];
  for (const handler of matching) {
    if (done.has(handler.name)) continue;
    try {
      // A savepoint per handler: one handler's failure does not undo another's committed work.
      const then = await tx.transaction(async (sp) => {
        const hook = await handler.handle(sp, event);
        await sp.insert(eventHandlerRuns).values({ eventId: event.id, handler: handler.name });
        return hook;
      });
      if (then) afterCommit.push(then);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      log.warn({ eventId: event.id, type: event.type, handler: handler.name, err: message }, "event handler failed");
      errors.push(`${handler.name}: ${message}`);
    }
  }
  return errors.length ? errors.join("; ").slice(0, 2000) : null;
}

export type ConsumerLoop = PollLoop;

/** Polls the outbox (and runs at once when kicked); survives restarts because progress lives in the events table. */
export function startConsumerLoop(
  db: Db,
  handlers: () => readonly EventHandler[],
  log: Logger,
  pollMs: number,
  options: ConsumerOptions = {},
): ConsumerLoop {
  let stopped = false;
  const loop = startPollLoop(
    async () => {
      while (!stopped && (await deliverPendingEvents(db, handlers(), log, options)) > 0);
    },
    pollMs,
    log,
    "outbox consumer",
  );
  return {
    kick: loop.kick,
    async stop() {
      stopped = true;
      await loop.stop();
    },
  };
}
