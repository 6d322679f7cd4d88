import { and, asc, desc, eq, getTableColumns, gt, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";
import { z } from "zod";
import { requireAdmin } from "../auth/require-user";
import { authSecret } from "../auth/secret";
import { namedSecret } from "../config/env";
import type { Ctx } from "../context";
import type { Db } from "../db/client";
import type { Logger } from "../log/logger";
import { cursorTime, decodeCursor, encodeCursor, PageInput } from "../http/pagination";
import { MAIL_STATUSES, outboxEmails, type ThreadHeaders } from "./schema";
import { openSeal, seal } from "./seal";

/** Stands in for a login link in every stored copy of a mail; the sender puts the link back. */
export const LOGIN_LINK_PLACEHOLDER = "[sign-in link withheld]";

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** What the mail is for: `magic_link`, `password_reset`, `notification`… */
  kind: string;
  threading?: ThreadHeaders;
  /** Sender and SMTP of a mail channel that has its own (replies from support@ through support's server). */
  from?: string | null;
  smtpUrlEnv?: string | null;
  /** A link that signs its reader in: stored sealed, shown nowhere; `text`/`html` carry LOGIN_LINK_PLACEHOLDER instead. */
  loginLink?: { url: string; expiresAt: Date };
}

/**
 * Queues an email in the caller's transaction. Without SMTP (the ring's, or the mail's own) it is
 * `held`: kept and shown on the admin Outbox page instead of being silently dropped.
 */
export async function queueEmail(tx: Db, mail: OutgoingEmail, smtpOn: boolean): Promise<string> {
  const { from, smtpUrlEnv, loginLink, ...rest } = mail;
  if (loginLink && [mail.text, mail.html ?? ""].some((body) => body.includes(loginLink.url))) throw new Error("a login link must not be stored in the mail body");
  const [row] = await tx
    .insert(outboxEmails)
    .values({
      ...rest,
      html: mail.html ?? null,
      threading: mail.threading ?? null,
      fromAddress: from ?? null,
      smtpUrlEnv: smtpUrlEnv ?? null,
      sealedLink: loginLink ? seal(loginLink.url, authSecret()) : null,
      linkExpiresAt: loginLink?.expiresAt ?? null,
      status: smtpOn || smtpUrlEnv ? "pending" : "held",
    })
    .returning({ id: outboxEmails.id });
  return row.id;
}

const channelTransports = new Map<string, Transporter>();

/** The transport for an smtp:// URL held in an environment variable (read at send time, so a fixed variable heals the retries). */
function transportFromEnv(name: string): Transporter {
  const secret = namedSecret(name);
  if (secret.value === null) throw new Error(secret.problem);
  const url = secret.value;
  let transport = channelTransports.get(url);
  if (!transport) {
    transport = nodemailer.createTransport(url);
    channelTransports.set(url, transport);
  }
  return transport;
}

const MAX_ATTEMPTS = 5;

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The bodies as delivered: the sealed login link opened and put in place of the placeholder. */
function deliverableBodies(mail: typeof outboxEmails.$inferSelect): { text: string; html: string | undefined } {
  if (!mail.sealedLink) return { text: mail.text, html: mail.html ?? undefined };
  const url = openSeal(mail.sealedLink, authSecret());
  return { text: mail.text.replaceAll(LOGIN_LINK_PLACEHOLDER, url), html: mail.html?.replaceAll(LOGIN_LINK_PLACEHOLDER, escapeHtml(url)) };
}

/** Sends due pending emails; each is retried with backoff and marked failed after MAX_ATTEMPTS. */
export async function sendPendingEmails(
  db: Db,
  transport: Transporter | null,
  from: string,
  log: Logger,
  now: () => Date = () => new Date(),
): Promise<number> {
  const due = await db
    .select()
    .from(outboxEmails)
    .where(and(eq(outboxEmails.status, "pending"), lte(outboxEmails.nextAttemptAt, now()), or(isNull(outboxEmails.linkExpiresAt), gt(outboxEmails.linkExpiresAt, now()))))
    .orderBy(asc(outboxEmails.createdAt))
    .limit(20);
  let sent = 0;
  for (const mail of due) {
    try {
      const via = mail.smtpUrlEnv ? transportFromEnv(mail.smtpUrlEnv) : transport;
      if (!via) throw new Error("SMTP is not configured");
      await via.sendMail({ from: mail.fromAddress ?? from, to: mail.to, subject: mail.subject, ...deliverableBodies(mail), ...(mail.threading ?? {}) });
      // The sealed copy was only kept to be delivered.
      await db.update(outboxEmails).set({ status: "sent", sentAt: now(), attempts: mail.attempts + 1, lastError: null, sealedLink: null }).where(eq(outboxEmails.id, mail.id));
      sent++;
    } catch (e) {
      const attempts = mail.attempts + 1;
      const message = e instanceof Error ? e.message : String(e);
      log.warn({ mailId: mail.id, attempts, err: message }, "email send failed");
      await db
        .update(outboxEmails)
        .set({
          attempts,
          lastError: message.slice(0, 1000),
          status: attempts >= MAX_ATTEMPTS ? "failed" : "pending",
          nextAttemptAt: new Date(now().getTime() + 2 ** attempts * 1000),
        })
        .where(eq(outboxEmails.id, mail.id));
    }
  }
  return sent;
}

/** When SMTP appears after mails were held, they are queued for sending. */
export async function releaseHeldEmails(db: Db): Promise<void> {
  await db.update(outboxEmails).set({ status: "pending" }).where(eq(outboxEmails.status, "held"));
}

/** Every column an outbox reader may see: the sealed link is the sender's alone. */
const { sealedLink: _sealed, ...READABLE_COLUMNS } = getTableColumns(outboxEmails);

export const ListOutboxInput = PageInput.extend({
  status: z.enum(MAIL_STATUSES).optional(),
  to: z.string().max(320).optional(),
});
const CursorShape = z.object({ createdAt: z.string(), id: z.uuid() });

/** Admins only: outgoing mail, newest first. */
export async function listOutbox(ctx: Ctx, raw: z.input<typeof ListOutboxInput>) {
  requireAdmin(ctx.actor);
  const input = ListOutboxInput.parse(raw);
  const filters: SQL[] = [];
  if (input.status) filters.push(eq(outboxEmails.status, input.status));
  if (input.to) filters.push(eq(outboxEmails.to, input.to.toLowerCase()));
  const cursor = decodeCursor(input.cursor, CursorShape);
  if (cursor) filters.push(sql`(${outboxEmails.createdAt}, ${outboxEmails.id}) < (${cursorTime(cursor.createdAt)}, ${cursor.id}::uuid)`);
  const rows = await ctx.db
    .select(READABLE_COLUMNS)
    .from(outboxEmails)
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(desc(outboxEmails.createdAt), desc(outboxEmails.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > input.limit ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null;
  return { items: page, nextCursor };
}
