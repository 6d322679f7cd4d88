import { and, asc, desc, eq, lte, sql, type SQL } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";
import { z } from "zod";
import { requireAdmin } from "../auth/require-user";
import { namedSecret } from "../config/env";
import type { Ctx } from "../context";
import type { Db } from "../db/client";
import type { Logger } from "../log/logger";
import { cursorTime, decodeCursor, encodeCursor, PageInput } from "../http/pagination";
import { MAIL_STATUSES, outboxEmails, type ThreadHeaders } from "./schema";

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
}

/**
 * Queues an email in the caller's transaction. Without SMTP (the ring's, or the mail's own) it is
 * `held`: kept and shown on the admin Outbox page instead of being silently dropped.
 */
export async function queueEmail(tx: Db, mail: OutgoingEmail, smtpOn: boolean): Promise<string> {
  const { from, smtpUrlEnv, ...rest } = mail;
  const [row] = await tx
    .insert(outboxEmails)
    .values({ ...rest, html: mail.html ?? null, threading: mail.threading ?? null, fromAddress: from ?? null, smtpUrlEnv: smtpUrlEnv ?? null, status: smtpOn || smtpUrlEnv ? "pending" : "held" })
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
    .where(and(eq(outboxEmails.status, "pending"), lte(outboxEmails.nextAttemptAt, now())))
    .orderBy(asc(outboxEmails.createdAt))
    .limit(20);
  let sent = 0;
  for (const mail of due) {
    try {
      const via = mail.smtpUrlEnv ? transportFromEnv(mail.smtpUrlEnv) : transport;
      if (!via) throw new Error("SMTP is not configured");
      await via.sendMail({ from: mail.fromAddress ?? from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? undefined, ...(mail.threading ?? {}) });
      await db.update(outboxEmails).set({ status: "sent", sentAt: now(), attempts: mail.attempts + 1, lastError: null }).where(eq(outboxEmails.id, mail.id));
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

/** Mails whose body signs its reader in: never shown, whoever reads the outbox. */
const LOGIN_KINDS = new Set(["magic_link", "password_reset"]);
const WITHHELD = "[The sign-in link in this mail is withheld: it would sign in whoever reads it.]";

function withoutLoginLinks<T extends { kind: string; text: string; html: string | null }>(mail: T): T {
  return LOGIN_KINDS.has(mail.kind) ? { ...mail, text: WITHHELD, html: null } : mail;
}

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
    .select()
    .from(outboxEmails)
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(desc(outboxEmails.createdAt), desc(outboxEmails.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > input.limit ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null;
  return { items: page.map(withoutLoginLinks), nextCursor };
}
