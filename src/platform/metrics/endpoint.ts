import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { events } from "../events/schema";
import { metrics } from "./metrics";

export const METRICS_PATH = "/api/metrics";

const sameToken = (given: string, expected: string) => given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

/** The age of the oldest event the outbox consumer has not processed (0 when none waits). */
export function outboxLagSource(db: Db) {
  return async () => {
    const [row] = await db.select({ lag: sql<number | null>`extract(epoch from now() - min(${events.createdAt}))::float8` }).from(events).where(isNull(events.processedAt));
    return Math.max(0, Number(row?.lag ?? 0));
  };
}

/** `GET /api/metrics` in the Prometheus text format, for `Authorization: Bearer $METRICS_TOKEN`; off (404) without a token. */
export async function answerMetrics(req: IncomingMessage, res: ServerResponse, token: string | undefined): Promise<void> {
  const send = (status: number, code: string, message: string) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code, message } }));
  };
  if (!token) return send(404, "not_found", "Metrics are off: set METRICS_TOKEN to turn them on");
  const given = (req.headers.authorization ?? "").replace(/^Bearer\s+/i, "");
  if (!sameToken(given, token)) return send(401, "unauthenticated", "Send Authorization: Bearer <METRICS_TOKEN>");
  const registry = metrics().registry;
  const body = await registry.metrics();
  res.writeHead(200, { "content-type": registry.contentType });
  res.end(body);
}
