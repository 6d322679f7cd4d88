import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { Env } from "@/src/platform/config/env";
import type { Db } from "@/src/platform/db/client";
import { DomainError } from "@/src/platform/http/errors";
import { resolveSettings } from "@/src/platform/settings/resolve";
import { ingestEmail } from "./ingest";

const Address = z.union([z.email(), z.object({ address: z.email(), name: z.string().max(200).optional() })]);

export const InboundPush = z.object({
  messageId: z.string().min(3).max(998).optional(),
  from: Address,
  to: z.string().min(3).max(2000),
  subject: z.string().max(998).default(""),
  text: z.string().max(1_000_000),
  html: z.string().max(2_000_000).optional(),
  date: z.iso.datetime({ offset: true }).optional(),
  inReplyTo: z.string().max(998).optional(),
  references: z.array(z.string().max(998)).max(100).optional(),
  headers: z.record(z.string(), z.string().max(2000)).optional(),
  /** The provider's Authentication-Results for the message: one header value, or several, top-most first. */
  authenticationResults: z.union([z.string().max(4000), z.array(z.string().max(4000)).max(20)]).optional(),
});

/** `sha256=<hex>` HMAC of the raw body with EMAIL_INBOUND_SECRET, compared in constant time. */
export function inboundSignature(secret: string, rawBody: string): string {
  return `sha256=${createHmac("sha256", secret).update(rawBody).digest("hex")}`;
}

/** A provider pushing one message (instead of being polled): no larger than EMAIL_MAX_MESSAGE_BYTES, verified, then ingested exactly once. */
export async function receiveInbound(db: Db, e: Env, rawBody: string, signature: string | null) {
  if (!e.EMAIL_INBOUND_SECRET) throw new DomainError("not_configured", "Inbound email is off: set EMAIL_INBOUND_SECRET");
  const maxBytes = (await resolveSettings(db)).EMAIL_MAX_MESSAGE_BYTES.value as number;
  if (Buffer.byteLength(rawBody) > maxBytes) throw new DomainError("payload_too_large", `The message is larger than the limit of ${maxBytes} bytes (EMAIL_MAX_MESSAGE_BYTES)`);
  const expected = Buffer.from(inboundSignature(e.EMAIL_INBOUND_SECRET, rawBody));
  const given = Buffer.from(signature ?? "");
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new DomainError("bad_request", "Invalid signature");
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new DomainError("validation_failed", "The body is not valid JSON");
  }
  const push = InboundPush.parse(json);
  const from = typeof push.from === "string" ? { address: push.from } : push.from;
  const headers = Object.fromEntries(Object.entries(push.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const result = await ingestEmail(db, {
    channel: e.EMAIL_INBOUND_CHANNEL,
    flow: e.EMAIL_INBOUND_FLOW,
    messageId: push.messageId ?? null,
    from,
    to: push.to,
    subject: push.subject,
    text: push.text,
    html: push.html ?? null,
    date: push.date ? new Date(push.date) : null,
    inReplyTo: push.inReplyTo ?? null,
    references: push.references ?? [],
    headers,
    authenticationResults: typeof push.authenticationResults === "string" ? [push.authenticationResults] : (push.authenticationResults ?? []),
  });
  return { outcome: result.outcome, threadId: result.threadId, held: result.held, escalated: result.escalated, drafted: Boolean(result.draftId) };
}
