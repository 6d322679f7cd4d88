import { and, inArray, lt, ne } from "drizzle-orm";
import { AUTH_MAIL_KINDS } from "../auth/emails";
import type { Db } from "../db/client";
import { getSetting } from "../settings/resolve";
import { outboxEmails } from "./schema";

/**
 * Auth mail is not kept as a record: sent copies go after AUTH_MAIL_RETENTION_HOURS, and unsent ones
 * as soon as their link has expired (it would only deliver a dead link).
 */
export async function purgeAuthMail(db: Db, now: Date): Promise<{ sent: number; expired: number }> {
  const hours = await getSetting<number>(db, "AUTH_MAIL_RETENTION_HOURS");
  const authMail = inArray(outboxEmails.kind, [...AUTH_MAIL_KINDS]);
  const sent = await db
    .delete(outboxEmails)
    .where(and(authMail, lt(outboxEmails.sentAt, new Date(now.getTime() - hours * 3_600_000))))
    .returning({ id: outboxEmails.id });
  const expired = await db
    .delete(outboxEmails)
    .where(and(authMail, ne(outboxEmails.status, "sent"), lt(outboxEmails.linkExpiresAt, now)))
    .returning({ id: outboxEmails.id });
  return { sent: sent.length, expired: expired.length };
}
