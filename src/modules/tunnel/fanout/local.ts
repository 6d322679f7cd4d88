import type { TunnelSignal } from "../append";
import { Listeners, type Fanout } from "./fanout";

/** One process: signals go straight to this process's hub. */
export function localFanout(): Fanout {
  const listeners = new Listeners();
  return {
    kind: "local",
    async publish(signals: readonly TunnelSignal[]) {
      const copy = [...signals];
      queueMicrotask(() => listeners.emit(copy));
    },
    onSignals: (l) => listeners.add(l),
    async close() {},
  };
}
