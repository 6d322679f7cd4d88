import { renderTemplate } from "./render";
import { createHmac, timingSafeEqual } from "node:crypto";
import en from "@/messages/en.json";
import uk from "@/messages/uk.json";
import { authSecret } from "@/src/platform/auth/auth";
import { appUrl, env } from "@/src/platform/config/env";
import type { Db } from "@/src/platform/db/client";
import { queueEmail } from "@/src/platform/mail/outbox";
import { smtpConfigured } from "@/src/platform/mail/transport";
import type { NotificationInput } from "./service";
import type { NotificationType } from "./types";

/** Types that also go by email unless the member turns it off; the rest are in-app only by default. */
export const EMAIL_BY_DEFAULT: readonly NotificationType[] = ["opportunity_approved", "opportunity_rejected", "application_received", "matches_digest", "process_failed", "entity_hidden", "appeal_decided", "verification_decided", "membership_expired", "payment_refunded", "vendor_decided", "store_order_received", "store_payout", "email_escalated"];

/** Links are signed with the instance's auth secret (BETTER_AUTH_SECRET or the one generated in DATA_DIR). */
const secret = () => `unsubscribe:${authSecret()}`;

export function unsubscribeSignature(userId: string, type: string): string {
  return createHmac("sha256", secret()).update(`${userId}:${type}`).digest("base64url");
}

export function verifyUnsubscribe(userId: string, type: string, signature: string): boolean {
  const want = Buffer.from(unsubscribeSignature(userId, type));
  const got = Buffer.from(signature);
  return want.length === got.length && timingSafeEqual(want, got);
}

export function unsubscribeUrl(userId: string, type: string): string {
  return `${appUrl()}/unsubscribe?${new URLSearchParams({ u: userId, t: type, s: unsubscribeSignature(userId, type) })}`;
}

/** Queues the email twin of a notification (bilingual: we do not know the reader's language), with an unsubscribe link. */
export async function queueNotificationEmail(tx: Db, to: string, input: NotificationInput): Promise<void> {
  const texts = [en.notifications.types[input.type], uk.notifications.types[input.type]];
  const title = renderTemplate(texts[0].title, input.data, "en");
  const lines = texts.flatMap((t, i) => {
    const locale = i === 0 ? "en" : "uk";
    return [renderTemplate(t.title, input.data, locale), renderTemplate(t.body, input.data, locale), ""];
  });
  const link = input.link ? `${appUrl()}${input.link}` : appUrl();
  const off = unsubscribeUrl(input.userId, input.type);
  const text = `${lines.join("\n")}${link}\n\n--\nStop these emails / Відписатися: ${off}`;
  await queueEmail(tx, { to, subject: title, text, kind: `notification:${input.type}` }, smtpConfigured(env()));
}
