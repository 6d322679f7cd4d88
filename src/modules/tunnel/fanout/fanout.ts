import type { TunnelSignal } from "../append";

export type FanoutKind = "local" | "postgres" | "redis" | "nats";

/**
 * Carries "channel X has messages up to seq N" between app instances. Only signals travel, never
 * bodies, so transport size limits (8 kB for NOTIFY) never matter. Losing a signal delays, never
 * loses, a message: every hub also sweeps channel heads from the database.
 */
export interface Fanout {
  readonly kind: FanoutKind;
  publish(signals: readonly TunnelSignal[]): Promise<void>;
  onSignals(listener: (signals: TunnelSignal[]) => void): void;
  close(): Promise<void>;
}

/** Payload lines `channel seq`, chunked under `maxBytes` (channel names never contain spaces or newlines). */
export function encodeSignals(signals: readonly TunnelSignal[], maxBytes = 7_000): string[] {
  const chunks: string[] = [];
  let current = "";
  for (const { channel, seq } of signals) {
    const line = `${channel} ${seq}`;
    if (current && current.length + line.length + 1 > maxBytes) {
      chunks.push(current);
      current = "";
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) chunks.push(current);
  return chunks;
}

export function decodeSignals(payload: string): TunnelSignal[] {
  const signals: TunnelSignal[] = [];
  for (const line of payload.split("\n")) {
    const space = line.lastIndexOf(" ");
    const seq = Number(line.slice(space + 1));
    if (space > 0 && Number.isSafeInteger(seq) && seq > 0) signals.push({ channel: line.slice(0, space), seq });
  }
  return signals;
}

/** Listener list shared by the adapters. */
export class Listeners {
  private readonly list: ((signals: TunnelSignal[]) => void)[] = [];
  add(listener: (signals: TunnelSignal[]) => void) {
    this.list.push(listener);
  }
  emit(signals: TunnelSignal[]) {
    if (signals.length) for (const l of this.list) l(signals);
  }
}
