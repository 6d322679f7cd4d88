import { connect, StringCodec } from "nats";
import type { Logger } from "@/src/platform/log/logger";
import type { TunnelSignal } from "../append";
import { decodeSignals, encodeSignals, Listeners, type Fanout } from "./fanout";

/** NATS core pub/sub on one subject; the client reconnects by itself. */
export async function natsFanout(url: string, topic: string, log: Logger): Promise<Fanout> {
  const listeners = new Listeners();
  const codec = StringCodec();
  const nc = await connect({ servers: url, name: "ringlet-tunnel", maxReconnectAttempts: -1 });
  nc.subscribe(topic, {
    callback: (err, msg) => {
      if (err) log.warn({ err: err.message }, "tunnel NATS subscription failed");
      else listeners.emit(decodeSignals(codec.decode(msg.data)));
    },
  });
  await nc.flush();
  return {
    kind: "nats",
    async publish(signals: readonly TunnelSignal[]) {
      for (const payload of encodeSignals(signals, 64_000)) nc.publish(topic, codec.encode(payload));
    },
    onSignals: (l) => listeners.add(l),
    async close() {
      await nc.drain().catch(() => undefined);
    },
  };
}
