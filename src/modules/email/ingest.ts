import { createHash } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { user } from "@/src/platform/auth/schema";
import { ringConfig } from "@/src/platform/config/ring-config";
import type { Db } from "@/src/platform/db/client";
import { publish } from "@/src/platform/events/publish";
import { notifyMany } from "@/src/modules/notifications/service";
import { resolveSettings } from "@/src/platform/settings/resolve";
import { senderAuthentication } from "./authentication-results";
import { classifyLocally, companyOf, isAutomated } from "./classify";
import { emailContacts, emailDrafts, emailMessages, emailThreads, type Classification, type Flow } from "./schema";
import { assessInjection, validateDraft } from "./security";
import { templateDraft } from "./templates";

export interface InboundEmail {
  channel: string;
  flow: Flow;
  messageId?: string | null;
  from: { address: string; name?: string | null };
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  date?: Date | null;
  inReplyTo?: string | null;
  references?: string[];
  /** Lower-case header names. */
  headers?: Record<string, string | undefined>;
  /** The values of the message's Authentication-Results headers, top-most (added last) first. */
  authenticationResults?: string[];
  mailbox?: { name: string; uidValidity: number; uid: number };
}

export interface IngestResult {
  outcome: "stored" | "duplicate";
  threadId: string;
  messageRowId: string;
  held: boolean;
  escalated: boolean;
  draftId: string | null;
}

/** Our replies carry `[#ab12cd34]` (the thread's first 8 hex) in the subject, so answers thread even without headers. */
export const threadMarker = (threadId: string) => `[#${threadId.slice(0, 8)}]`;
const MARKER = /\[#([0-9a-f]{8})\]/i;

/** The exactly-once key: the Message-ID, or a hash of sender, date, subject and body when there is none. */
export function messageKey(mail: Pick<InboundEmail, "messageId" | "from" | "date" | "subject" | "text">): string {
  const id = mail.messageId?.trim();
  if (id) return id;
  const hash = createHash("sha256").update([mail.from.address.toLowerCase(), mail.date?.toISOString() ?? "", mail.subject, mail.text].join("\u0000")).digest("hex");
  return `<sha256:${hash}@ringlet>`;
}

class Duplicate extends Error {}

/** Critical urgency, a complaint, or an unhappy urgent message from a person (not spam, not a robot). */
export function warrantsEscalation(c: Classification, automated: boolean): boolean {
  return !automated && c.intent !== "spam" && c.intent !== "newsletter" && (c.urgency === "critical" || c.intent === "complaint" || (c.sentiment === "negative" && c.urgency === "high"));
}

/** Tells every admin in-app (and by email, per their preferences) and live on the admin tunnel channel; once per message. */
export async function escalateThread(tx: Db, m: { threadId: string; messageRowId: string; subject: string; from: string; classification: Classification }, now = new Date()) {
  await tx.update(emailThreads).set({ escalatedAt: now }).where(eq(emailThreads.id, m.threadId));
  const admins = await tx.select({ id: user.id }).from(user).where(eq(user.role, "admin"));
  await notifyMany(
    tx,
    admins.map((a) => ({ userId: a.id, type: "email_escalated" as const, link: `/admin/email/${m.threadId}`, data: { subject: m.subject.slice(0, 120), from: m.from, urgency: m.classification.urgency, intent: m.classification.intent }, dedupeKey: `email-escalated:${m.messageRowId}` })),
  );
  await publish(tx, { type: "email.escalated", aggregateType: "email_thread", aggregateId: m.threadId, actorId: null, payload: { urgency: m.classification.urgency, intent: m.classification.intent } });
}

/**
 * Stores one inbound message exactly once and does what it calls for, in one transaction: its
 * thread (by In-Reply-To / References / subject marker) and contact, the injection check before
 * anything else reads it (high risk holds the thread for a person), the receiving server's verdict
 * on the sender (which auto-send needs), the rules' classification
 * (the text model refines it later), escalation to admins for critical, complaining or angry mail
 * (not on `ingest_only` channels), and a template reply on `standard` channels — never to
 * automated senders, spam, newsletters or held mail. `tasks_only` channels classify and escalate
 * but never draft.
 */
export async function ingestEmail(db: Db, mail: InboundEmail, now = new Date()): Promise<IngestResult> {
  const key = messageKey(mail);
  const authservId = String((await resolveSettings(db)).EMAIL_AUTHSERV_ID.value) || null;
  const senderAuth = senderAuthentication(mail.authenticationResults ?? [], mail.from.address, authservId);
  try {
    return await db.transaction(async (tx) => {
      const [existing] = await tx.select({ id: emailMessages.id, threadId: emailMessages.threadId }).from(emailMessages).where(and(eq(emailMessages.channel, mail.channel), eq(emailMessages.messageId, key)));
      if (existing) throw Object.assign(new Duplicate(), { existing });
      const address = mail.from.address.trim().toLowerCase();
      const headers = mail.headers ?? {};
      const risk = assessInjection(`${mail.subject}\n${mail.text}`);
      const classification: Classification = { ...classifyLocally(mail.subject, mail.text, { listUnsubscribe: Boolean(headers["list-unsubscribe"]) }), source: "rules" };
      const automated = isAutomated(address, headers);

      const [member] = await tx.select({ id: user.id }).from(user).where(eq(sql`lower(${user.email})`, address));
      const [contact] = await tx
        .insert(emailContacts)
        .values({ email: address, name: mail.from.name ?? null, company: companyOf(address), userId: member?.id ?? null, messages: 1, firstSeenAt: now, lastSeenAt: now })
        .onConflictDoUpdate({
          target: emailContacts.email,
          set: { messages: sql`${emailContacts.messages} + 1`, lastSeenAt: now, name: sql`coalesce(${emailContacts.name}, excluded.name)`, company: sql`coalesce(${emailContacts.company}, excluded.company)`, userId: sql`coalesce(${emailContacts.userId}, excluded.user_id)` },
        })
        .returning();

      const threadId = await findThread(tx, mail);
      const held = risk.level === "high";
      const escalate = mail.flow !== "ingest_only" && warrantsEscalation(classification, automated);
      const threadValues = { intent: classification.intent, urgency: classification.urgency, sentiment: classification.sentiment, riskLevel: risk.level, lastMessageAt: now, ...(held ? { status: "held" } : {}) };
      const [thread] = threadId
        ? await tx.update(emailThreads).set({ ...threadValues, resolvedAt: null, ...(held ? {} : { status: sql`case when ${emailThreads.status} = 'held' then 'held' else 'open' end` }) }).where(eq(emailThreads.id, threadId)).returning()
        : await tx.insert(emailThreads).values({ channel: mail.channel, subject: mail.subject.slice(0, 500), contactId: contact.id, status: held ? "held" : "open", ...threadValues, createdAt: now }).returning();

      const inserted = await tx
        .insert(emailMessages)
        .values({
          threadId: thread.id,
          channel: mail.channel,
          flow: mail.flow,
          direction: "in",
          messageId: key,
          mailbox: mail.mailbox?.name ?? null,
          uidValidity: mail.mailbox?.uidValidity ?? null,
          uid: mail.mailbox?.uid ?? null,
          fromAddress: address,
          fromName: mail.from.name ?? null,
          toAddress: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html ?? null,
          sentAt: mail.date ?? null,
          inReplyTo: mail.inReplyTo ?? null,
          references: mail.references ?? [],
          automated,
          riskLevel: risk.level,
          riskFindings: risk.findings,
          classification,
          senderAuth,
          receivedAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: emailMessages.id });
      // Another delivery of the same message won the race: undo this one entirely.
      if (inserted.length === 0) throw new Duplicate();

      if (escalate) await escalateThread(tx, { threadId: thread.id, messageRowId: inserted[0].id, subject: mail.subject, from: address, classification }, now);

      let draftId: string | null = null;
      if (mail.flow === "standard" && !automated && !held && classification.intent !== "spam" && classification.intent !== "newsletter") {
        const body = templateDraft(classification.intent, classification.language, mail.from.name ?? null, ringConfig().name);
        const check = validateDraft(body, { systemPrompt: "", allowedHosts: [] });
        const [draft] = await tx.insert(emailDrafts).values({ threadId: thread.id, replyToId: inserted[0].id, body, source: "template", problems: check.problems, createdAt: now }).returning({ id: emailDrafts.id });
        draftId = draft.id;
      }
      return { outcome: "stored" as const, threadId: thread.id, messageRowId: inserted[0].id, held, escalated: escalate, draftId };
    });
  } catch (err) {
    if (!(err instanceof Duplicate)) throw err;
    const [row] = await db.select({ id: emailMessages.id, threadId: emailMessages.threadId }).from(emailMessages).where(and(eq(emailMessages.channel, mail.channel), eq(emailMessages.messageId, key)));
    return { outcome: "duplicate", threadId: row.threadId, messageRowId: row.id, held: false, escalated: false, draftId: null };
  }
}

async function findThread(tx: Db, mail: InboundEmail): Promise<string | null> {
  const refs = [mail.inReplyTo, ...(mail.references ?? [])].filter((r): r is string => Boolean(r));
  if (refs.length > 0) {
    const [byRef] = await tx.select({ threadId: emailMessages.threadId }).from(emailMessages).where(and(eq(emailMessages.channel, mail.channel), inArray(emailMessages.messageId, refs))).limit(1);
    if (byRef) return byRef.threadId;
  }
  const marker = MARKER.exec(mail.subject)?.[1]?.toLowerCase();
  if (marker) {
    const [byMarker] = await tx.select({ id: emailThreads.id }).from(emailThreads).where(and(eq(emailThreads.channel, mail.channel), sql`${emailThreads.id}::text like ${`${marker}%`}`)).limit(1);
    if (byMarker) return byMarker.id;
  }
  return null;
}
