import { createClient } from "redis";
import type { Logger } from "@/src/platform/log/logger";
import type { TunnelSignal } from "../append";
import { decodeSignals, encodeSignals, Listeners, type Fanout } from "./fanout";

/** Redis pub/sub: one connection publishes, a duplicate subscribes (a subscribed connection cannot publish). */
export async function redisFanout(url: string, topic: string, log: Logger): Promise<Fanout> {
  const listeners = new Listeners();
  const publisher = createClient({ url });
  publisher.on("error", (err: Error) => log.warn({ err: err.message }, "tunnel redis connection failed"));
  const subscriber = publisher.duplicate();
  subscriber.on("error", (err: Error) => log.warn({ err: err.message }, "tunnel redis subscriber failed"));
  await Promise.all([publisher.connect(), subscriber.connect()]);
  await subscriber.subscribe(topic, (message: string) => listeners.emit(decodeSignals(message)));
  return {
    kind: "redis",
    async publish(signals: readonly TunnelSignal[]) {
      for (const payload of encodeSignals(signals, 64_000)) await publisher.publish(topic, payload);
    },
    onSignals: (l) => listeners.add(l),
    async close() {
      await Promise.allSettled([subscriber.quit(), publisher.quit()]);
    },
  };
}
