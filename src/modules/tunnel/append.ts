import { sql } from "drizzle-orm";
import type { Viewable } from "@/src/platform/access/visibility";
import type { Db } from "@/src/platform/db/client";
import { tunnelChannels, tunnelMessages } from "./schema";

export interface TunnelMessageInput {
  channel: string;
  type: string;
  data: Record<string, unknown>;
  access?: Viewable | null;
}

/** A fan-out signal: "channel has messages up to seq". Bodies are read from the table. */
export interface TunnelSignal {
  channel: string;
  seq: number;
}

/**
 * Appends messages inside the caller's transaction and returns the signals to send after commit.
 * Taking the next numbers bumps the channel's counter row, whose lock holds other writers of the
 * channel until this transaction ends: sequences become visible in order, so a reader never skips one.
 */
export async function appendTunnelMessages(tx: Db, messages: readonly TunnelMessageInput[]): Promise<TunnelSignal[]> {
  const byChannel = new Map<string, TunnelMessageInput[]>();
  for (const m of messages) byChannel.set(m.channel, [...(byChannel.get(m.channel) ?? []), m]);
  const signals: TunnelSignal[] = [];
  for (const [channel, list] of [...byChannel].sort(([a], [b]) => a.localeCompare(b))) {
    const [{ lastSeq }] = await tx
      .insert(tunnelChannels)
      .values({ name: channel, lastSeq: list.length })
      .onConflictDoUpdate({ target: tunnelChannels.name, set: { lastSeq: sql`${tunnelChannels.lastSeq} + ${list.length}` } })
      .returning({ lastSeq: tunnelChannels.lastSeq });
    const first = lastSeq - list.length + 1;
    await tx.insert(tunnelMessages).values(list.map((m, i) => ({ channel, seq: first + i, type: m.type, data: m.data, access: m.access ?? null })));
    signals.push({ channel, seq: lastSeq });
  }
  return signals;
}
