import { evictUsers, setActorInvalidationBroadcast } from "@/src/platform/auth/actor-cache";
import type { Fanout } from "./fanout/fanout";

const PREFIX = "actor:";
let sequence = 0;

/**
 * Carries "forget this user's cached actor" between instances on the tunnel's fan-out, as signals on
 * `actor:<userId>` (a name no client can subscribe to). Every instance, the sender included, evicts.
 */
export function relayActorInvalidations(fanout: Fanout): () => void {
  setActorInvalidationBroadcast((userIds) => {
    void fanout.publish(userIds.map((userId) => ({ channel: `${PREFIX}${userId}`, seq: ++sequence }))).catch(() => undefined);
  });
  fanout.onSignals((signals) => {
    const userIds = signals.filter((s) => s.channel.startsWith(PREFIX)).map((s) => s.channel.slice(PREFIX.length));
    if (userIds.length) evictUsers(userIds);
  });
  return () => setActorInvalidationBroadcast(undefined);
}
