import { sql } from "drizzle-orm";
import type { Viewable } from "@/src/platform/access/visibility";
import { queryRows, type Db } from "@/src/platform/db/client";
import { tunnelMessages } from "./schema";

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
  if (messages.length === 0) return [];
  const byChannel = new Map<string, TunnelMessageInput[]>();
  for (const m of messages) {
    const list = byChannel.get(m.channel);
    if (list) list.push(m);
    else byChannel.set(m.channel, [m]);
  }
  // Sorted, so concurrent writers lock counter rows in the same order and never deadlock.
  const channels = [...byChannel.keys()].sort();
  const heads = await queryRows<{ name: string; last_seq: string | number }>(
    tx,
    sql`insert into tunnel_channels (name, last_seq)
        select name, n from unnest(${sql.param(channels)}::text[], ${sql.param(channels.map((c) => byChannel.get(c)!.length))}::bigint[]) as t(name, n)
        on conflict (name) do update set last_seq = tunnel_channels.last_seq + excluded.last_seq
        returning name, last_seq`,
  );
  const lastOf = new Map(heads.map((h) => [h.name, Number(h.last_seq)]));
  const rows = channels.flatMap((channel) => {
    const list = byChannel.get(channel)!;
    const first = lastOf.get(channel)! - list.length + 1;
    return list.map((m, i) => ({ channel, seq: first + i, type: m.type, data: m.data, access: m.access ?? null }));
  });
  await tx.insert(tunnelMessages).values(rows);
  return channels.map((channel) => ({ channel, seq: lastOf.get(channel)! }));
}
