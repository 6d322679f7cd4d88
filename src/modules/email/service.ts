import { and, desc, eq, inArray, type SQL } from "drizzle-orm";
import { z } from "zod";
import { appUrl, env } from "@/src/platform/config/env";
import type { Ctx } from "@/src/platform/context";
import type { Db } from "@/src/platform/db/client";
import { DomainError, notFound } from "@/src/platform/http/errors";
import { queueEmail } from "@/src/platform/mail/outbox";
import { smtpConfigured } from "@/src/platform/mail/transport";
import { audit } from "@/src/modules/audit/service";
import { threadMarker } from "./ingest";
import { emailChannels, emailContacts, emailDrafts, emailMailboxState, emailMessages, emailQuarantine, emailThreads } from "./schema";

/** The inbox and its knowledge base are for admins; answers the admin's id. */
export const admin = (ctx: Ctx) => {
  if (ctx.actor.role !== "admin") throw new DomainError("forbidden", "Admins only");
  return ctx.actor.userId!;
};

export const ThreadListInput = z.object({
  status: z.enum(["open", "held", "answered", "closed"]).optional(),
  intent: z.string().max(40).optional(),
  urgency: z.enum(["low", "normal", "high", "critical"]).optional(),
  channel: z.string().max(60).optional(),
});

export async function listThreads(ctx: Ctx, raw: z.input<typeof ThreadListInput>) {
  admin(ctx);
  const input = ThreadListInput.parse(raw);
  const filters: (SQL | undefined)[] = [
    input.status ? eq(emailThreads.status, input.status) : undefined,
    input.intent ? eq(emailThreads.intent, input.intent) : undefined,
    input.urgency ? eq(emailThreads.urgency, input.urgency) : undefined,
    input.channel ? eq(emailThreads.channel, input.channel) : undefined,
  ];
  const rows = await ctx.db
    .select({ thread: emailThreads, contact: emailContacts.email })
    .from(emailThreads)
    .leftJoin(emailContacts, eq(emailContacts.id, emailThreads.contactId))
    .where(and(...filters))
    .orderBy(desc(emailThreads.lastMessageAt))
    .limit(200);
  const drafts = rows.length ? await ctx.db.select({ threadId: emailDrafts.threadId }).from(emailDrafts).where(and(inArray(emailDrafts.threadId, rows.map((r) => r.thread.id)), inArray(emailDrafts.status, ["pending", "approved", "edited"]))) : [];
  return {
    items: rows.map(({ thread, contact }) => ({
      id: thread.id,
      subject: thread.subject,
      contact,
      channel: thread.channel,
      status: thread.status,
      intent: thread.intent,
      sentiment: thread.sentiment,
      urgency: thread.urgency,
      riskLevel: thread.riskLevel,
      escalated: Boolean(thread.escalatedAt),
      hasDraft: drafts.some((d) => d.threadId === thread.id),
      lastMessageAt: thread.lastMessageAt.toISOString(),
    })),
  };
}

/** The channels mail has arrived on, for the inbox's filter. */
export async function threadChannels(ctx: Ctx): Promise<string[]> {
  admin(ctx);
  const rows = await ctx.db.selectDistinct({ channel: emailThreads.channel }).from(emailThreads).orderBy(emailThreads.channel);
  return rows.map((r) => r.channel);
}

export async function getThread(ctx: Ctx, id: string) {
  admin(ctx);
  if (!z.uuid().safeParse(id).success) throw notFound("Thread");
  const [thread] = await ctx.db.select().from(emailThreads).where(eq(emailThreads.id, id));
  if (!thread) throw notFound("Thread");
  const messages = await ctx.db.select().from(emailMessages).where(eq(emailMessages.threadId, id)).orderBy(emailMessages.receivedAt);
  const drafts = await ctx.db.select().from(emailDrafts).where(eq(emailDrafts.threadId, id)).orderBy(desc(emailDrafts.createdAt));
  const [contact] = thread.contactId ? await ctx.db.select().from(emailContacts).where(eq(emailContacts.id, thread.contactId)) : [];
  return {
    ...thread,
    lastMessageAt: thread.lastMessageAt.toISOString(),
    createdAt: thread.createdAt.toISOString(),
    escalatedAt: thread.escalatedAt?.toISOString() ?? null,
    contact: contact ? { email: contact.email, name: contact.name, company: contact.company, userId: contact.userId, messages: contact.messages } : null,
    messages: messages.map((m) => ({ id: m.id, direction: m.direction, from: m.fromAddress, fromName: m.fromName, to: m.toAddress, subject: m.subject, text: m.text, automated: m.automated, riskLevel: m.riskLevel, riskFindings: m.riskFindings, classification: m.classification, aiClassifyError: m.aiClassifyError, senderAuth: m.senderAuth, receivedAt: m.receivedAt.toISOString() })),
    drafts: drafts.map((d) => ({ id: d.id, body: d.body, status: d.status, source: d.source, autoSent: d.autoSent, autoSendWithheld: d.autoSendWithheld, aiError: d.aiError, problems: d.problems, createdAt: d.createdAt.toISOString(), sentAt: d.sentAt?.toISOString() ?? null })),
  };
}

async function lockDraft(ctx: Ctx, id: string) {
  if (!z.uuid().safeParse(id).success) throw notFound("Draft");
  const [draft] = await ctx.db.select().from(emailDrafts).where(eq(emailDrafts.id, id)).for("update");
  if (!draft) throw notFound("Draft");
  return draft;
}

/** Approve or reject a pending (or edited) draft. */
export async function decideDraft(ctx: Ctx, id: string, decision: "approve" | "reject") {
  const actorId = admin(ctx);
  return ctx.db.transaction(async (tx) => {
    const draft = await lockDraft({ ...ctx, db: tx }, id);
    if (!["pending", "edited", "approved"].includes(draft.status)) throw new DomainError("conflict", `A ${draft.status} draft cannot be ${decision === "approve" ? "approved" : "rejected"}`);
    const [updated] = await tx.update(emailDrafts).set({ status: decision === "approve" ? "approved" : "rejected", decidedBy: actorId, decidedAt: ctx.now() }).where(eq(emailDrafts.id, id)).returning();
    await audit(tx, { actorId, action: `email.draft_${decision}d`, targetType: "email_thread", targetId: draft.threadId, data: { draftId: id } });
    return { id: updated.id, status: updated.status };
  });
}

export const EditDraftInput = z.object({ body: z.string().trim().min(1).max(20_000) });

/** A person's edit counts as their approval of the text. */
export async function editDraft(ctx: Ctx, id: string, raw: z.input<typeof EditDraftInput>) {
  const actorId = admin(ctx);
  const input = EditDraftInput.parse(raw);
  return ctx.db.transaction(async (tx) => {
    const draft = await lockDraft({ ...ctx, db: tx }, id);
    if (draft.status === "sent" || draft.status === "rejected") throw new DomainError("conflict", `A ${draft.status} draft cannot be edited`);
    const [updated] = await tx.update(emailDrafts).set({ body: input.body, status: "edited", edited: true, decidedBy: actorId, decidedAt: ctx.now() }).where(eq(emailDrafts.id, id)).returning();
    return { id: updated.id, status: updated.status };
  });
}

/**
 * Sends an approved or edited draft (anything else 409) as a reply: In-Reply-To and References of
 * the message it answers, the thread marker in the subject, through the mail outbox (retried);
 * the sent mail is stored in the thread.
 */
export async function sendDraft(ctx: Ctx, id: string) {
  const actorId = admin(ctx);
  return ctx.db.transaction(async (tx) => {
    const draft = await lockDraft({ ...ctx, db: tx }, id);
    if (draft.status !== "approved" && draft.status !== "edited") throw new DomainError("conflict", draft.status === "sent" ? "This draft was already sent" : "Approve or edit the draft before sending it");
    return deliverDraft(tx, draft, actorId, ctx.now());
  });
}

/** A thread by id, its row locked for the rest of the transaction (a malformed id is simply not found). */
async function lockThread(tx: Db, id: string) {
  if (!z.uuid().safeParse(id).success) throw notFound("Thread");
  const [thread] = await tx.select().from(emailThreads).where(eq(emailThreads.id, id)).for("update");
  if (!thread) throw notFound("Thread");
  return thread;
}

export const ThreadStatusInput = z.object({ status: z.enum(["open", "closed"]) });

/** Closes a thread (resolved), or opens it again — which also releases a thread held for risk, after a person has read it. */
export async function setThreadStatus(ctx: Ctx, id: string, raw: z.input<typeof ThreadStatusInput>) {
  const actorId = admin(ctx);
  const input = ThreadStatusInput.parse(raw);
  return ctx.db.transaction(async (tx) => {
    const thread = await lockThread(tx, id);
    if (thread.status === input.status) return { id, status: thread.status };
    const now = ctx.now();
    await tx.update(emailThreads).set({ status: input.status, resolvedAt: input.status === "closed" ? now : null }).where(eq(emailThreads.id, id));
    const action = input.status === "closed" ? "email.thread_closed" : thread.status === "held" ? "email.thread_released" : "email.thread_reopened";
    await audit(tx, { actorId, action, targetType: "email_thread", targetId: id, data: { from: thread.status } });
    return { id, status: input.status };
  });
}

/** A person writes the reply themselves (held mail, or mail the drafter was not allowed to answer): a draft that is already theirs, ready to send. */
export async function writeReply(ctx: Ctx, threadId: string, raw: z.input<typeof EditDraftInput>) {
  const actorId = admin(ctx);
  const input = EditDraftInput.parse(raw);
  return ctx.db.transaction(async (tx) => {
    await lockThread(tx, threadId);
    const [open] = await tx.select({ id: emailDrafts.id }).from(emailDrafts).where(and(eq(emailDrafts.threadId, threadId), inArray(emailDrafts.status, ["pending", "approved", "edited"]))).limit(1);
    if (open) throw new DomainError("conflict", "This thread already has a draft waiting: edit that one");
    const [latest] = await tx.select({ id: emailMessages.id }).from(emailMessages).where(and(eq(emailMessages.threadId, threadId), eq(emailMessages.direction, "in"))).orderBy(desc(emailMessages.receivedAt)).limit(1);
    if (!latest) throw new DomainError("conflict", "There is no message to answer in this thread");
    const now = ctx.now();
    const [draft] = await tx.insert(emailDrafts).values({ threadId, replyToId: latest.id, body: input.body, status: "edited", edited: true, source: "person", decidedBy: actorId, decidedAt: now, createdAt: now }).returning();
    await audit(tx, { actorId, action: "email.reply_written", targetType: "email_thread", targetId: threadId, data: { draftId: draft.id } });
    return { id: draft.id, status: draft.status };
  });
}

/** Queues the reply and records it in the thread; the caller holds the draft's row lock and has checked its status. */
export async function deliverDraft(tx: Db, draft: typeof emailDrafts.$inferSelect, actorId: string | null, now: Date) {
  const e = env();
  const [original] = await tx.select().from(emailMessages).where(eq(emailMessages.id, draft.replyToId));
  const [thread] = await tx.select().from(emailThreads).where(eq(emailThreads.id, draft.threadId));
  const [channel] = await tx.select({ replyFrom: emailChannels.replyFrom, smtpUrlEnv: emailChannels.smtpUrlEnv }).from(emailChannels).where(eq(emailChannels.name, thread.channel));
  const from = channel?.replyFrom ?? e.MAIL_FROM;
  const marker = threadMarker(thread.id);
  const base = original.subject.replace(/^(?:re|відп|ответ)\s*:\s*/i, "");
  const subject = `Re: ${base}${base.includes(marker) ? "" : ` ${marker}`}`;
  const messageId = `<reply-${draft.id}@${new URL(appUrl(e)).hostname}>`;
  const references = [...original.references, original.messageId].slice(-20);
  await queueEmail(tx, { to: original.fromAddress, subject, text: draft.body, kind: "email_reply", threading: { messageId, inReplyTo: original.messageId, references }, from: channel?.replyFrom, smtpUrlEnv: channel?.smtpUrlEnv }, smtpConfigured(e));
  await tx.insert(emailMessages).values({ threadId: thread.id, channel: thread.channel, flow: original.flow, direction: "out", messageId, fromAddress: from, toAddress: original.fromAddress, subject, text: draft.body, inReplyTo: original.messageId, references, receivedAt: now });
  await tx.update(emailDrafts).set({ status: "sent", sentAt: now }).where(eq(emailDrafts.id, draft.id));
  await tx.update(emailThreads).set({ status: "answered", lastMessageAt: now, resolvedAt: now }).where(eq(emailThreads.id, thread.id));
  await audit(tx, { actorId, action: actorId ? "email.reply_sent" : "email.reply_auto_sent", targetType: "email_thread", targetId: thread.id, data: { draftId: draft.id, to: original.fromAddress } });
  return { id: draft.id, status: "sent", messageId };
}

/** How the polled inboxes are doing (position, last poll, last error) and what sits in quarantine. */
export async function mailboxHealth(ctx: Ctx) {
  admin(ctx);
  const mailboxes = await ctx.db.select().from(emailMailboxState).orderBy(emailMailboxState.channel, emailMailboxState.mailbox);
  const quarantine = await ctx.db
    .select({ id: emailQuarantine.id, channel: emailQuarantine.channel, mailbox: emailQuarantine.mailbox, uid: emailQuarantine.uid, error: emailQuarantine.error, reason: emailQuarantine.reason, size: emailQuarantine.size, createdAt: emailQuarantine.createdAt })
    .from(emailQuarantine)
    .orderBy(desc(emailQuarantine.createdAt))
    .limit(100);
  return { mailboxes, quarantine };
}
