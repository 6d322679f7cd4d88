import type { IncomingMessage, ServerResponse } from "node:http";
import { isModuleEnabled } from "@/src/platform/config/ring-config";
import type { Db } from "@/src/platform/db/client";
import { kickOutbox } from "@/src/platform/events/registry";
import { DomainError, toErrorResponse } from "@/src/platform/http/errors";
import { logger } from "@/src/platform/log/logger";
import { handleWebhook } from "./service";
import { metrics } from "@/src/platform/metrics/metrics";

const MAX_BODY = 1024 * 1024;

async function rawBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new DomainError("payload_too_large", "The body is larger than 1 MB");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export const WEBHOOK_PATHS = new Set(["/api/webhooks/stripe", "/api/webhooks/wayforpay"]);

/**
 * Provider webhooks answered by the custom server before Next: the same verification and
 * exactly-once application as the route handlers, without the page framework's per-request cost.
 */
export async function answerWebhook(db: Db, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? "").split("?")[0];
  try {
    if (!isModuleEnabled("payments")) throw new DomainError("not_found", "Not found");
    if (req.method !== "POST") throw new DomainError("bad_request", "Use POST");
    const body = await rawBody(req);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
    const answer = await handleWebhook(db, path === "/api/webhooks/stripe" ? "stripe" : "wayforpay", body, headers);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(answer));
    kickOutbox();
  } catch (error) {
    const { status, body, headers } = toErrorResponse(error);
    metrics().webhooks.inc({ provider: path.split("/").pop() ?? "unknown", outcome: status >= 500 ? "error" : "rejected" });
    if (status >= 500) logger().error({ err: error, path }, "webhook failed; the provider will retry");
    else if (status === 400) logger().warn({ path, err: (error as Error).message }, "webhook refused");
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  }
}
