import pg from "pg";
import type { Logger } from "@/src/platform/log/logger";
import type { TunnelSignal } from "../append";
import { decodeSignals, encodeSignals, Listeners, type Fanout } from "./fanout";

/**
 * PostgreSQL LISTEN/NOTIFY on one dedicated connection (a pooled one would lose the LISTEN).
 * After a dropped connection it reconnects with backoff; the hub's sweep covers the gap.
 */
export async function postgresFanout(url: string, topic: string, log: Logger): Promise<Fanout> {
  const listeners = new Listeners();
  let client: pg.Client | null = null;
  let closed = false;
  let retryMs = 250;

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, application_name: "ringlet-tunnel" });
    c.on("notification", (n) => {
      if (n.channel === topic && n.payload) listeners.emit(decodeSignals(n.payload));
    });
    c.on("error", (err) => log.warn({ err: err.message }, "tunnel LISTEN connection failed"));
    c.on("end", () => {
      if (client === c) client = null;
      if (!closed) setTimeout(() => void connect().catch(() => undefined), (retryMs = Math.min(retryMs * 2, 10_000)));
    });
    await c.connect();
    await c.query(`listen ${pg.escapeIdentifier(topic)}`);
    client = c;
    retryMs = 250;
  };
  await connect();

  return {
    kind: "postgres",
    async publish(signals: readonly TunnelSignal[]) {
      if (!client) return;
      for (const payload of encodeSignals(signals)) await client.query("select pg_notify($1, $2)", [topic, payload]);
    },
    onSignals: (l) => listeners.add(l),
    async close() {
      closed = true;
      await client?.end().catch(() => undefined);
    },
  };
}
