import type { EventHandler } from "../events/consumer";
import { invalidateActors } from "./actor-cache";

/** Events (aggregate: the user) after which a user's cached actor or credentials may be wrong. */
export const ACTOR_CHANGING_EVENTS = [
  "user.role_changed",
  "user.suspended",
  "user.unsuspended",
  "user.email_verified",
  "member.entity_blocked",
  "member.entity_unblocked",
  "member.password_changed",
  "member.account_deleted",
  "member.api_key_revoked",
] as const;

/** After the change commits, every instance forgets the user's actor and credentials. */
export const actorCacheInvalidation: EventHandler = {
  name: "actor-cache-invalidation",
  types: ACTOR_CHANGING_EVENTS,
  async handle(_db, event) {
    return () => invalidateActors([event.aggregateId]);
  },
};
