import { evictUsers } from "../auth/actor-cache";
import { ACTOR_CHANGING_EVENTS } from "../auth/actor-cache-invalidation";
import type { Db } from "../db/client";
import { events } from "./schema";

export interface DomainEvent {
  /** Past tense, dotted: `user.role_changed`, `opportunity.created`. */
  type: string;
  aggregateType: string;
  aggregateId: string;
  actorId?: string | null;
  payload?: Record<string, unknown>;
}

const ACTOR_CHANGING = new Set<string>(ACTOR_CHANGING_EVENTS);

/** Writes the event to the outbox inside the caller's transaction; consumers pick it up after commit. */
export async function publish(tx: Db, event: DomainEvent): Promise<number> {
  const [row] = await tx
    .insert(events)
    .values({
      type: event.type,
      aggregateType: event.aggregateType,
      aggregateId: event.aggregateId,
      actorId: event.actorId ?? null,
      payload: event.payload ?? {},
    })
    .returning({ id: events.id });
  // This instance's next request sees the change at once; the consumer repeats it everywhere after commit.
  if (ACTOR_CHANGING.has(event.type)) evictUsers([event.aggregateId]);
  return row.id;
}
