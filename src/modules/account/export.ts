import { and, asc, eq, isNotNull } from "drizzle-orm";
import { requireUser } from "@/src/platform/auth/require-user";
import { apikey, session, user } from "@/src/platform/auth/schema";
import type { Ctx } from "@/src/platform/context";
import { files } from "@/src/platform/storage/schema";
import { emailContacts } from "@/src/modules/email/schema";
import { entities } from "@/src/modules/entities/schema";
import { toEntityDto } from "@/src/modules/entities/service";
import { generatedMedia } from "@/src/modules/generative/schema";
import { opportunityMatches } from "@/src/modules/matcher/schema";
import { getMe } from "@/src/modules/members/service";
import { appeals, reports } from "@/src/modules/moderation/schema";
import { articles, newsroomEditors } from "@/src/modules/newsroom/schema";
import { notifications } from "@/src/modules/notifications/schema";
import { getPreferences } from "@/src/modules/notifications/service";
import { opportunities } from "@/src/modules/opportunities/schema";
import { myApplications, toOpportunityDto } from "@/src/modules/opportunities/service";
import { userAccount } from "@/src/modules/payments/ledger";
import { creditAccounts, ledgerEntries, memberships, paymentTransactions } from "@/src/modules/payments/schema";
import { toTransactionDto } from "@/src/modules/payments/service";
import { getCart } from "@/src/modules/store/cart";
import { myOrders } from "@/src/modules/store/orders";
import { mySelling } from "@/src/modules/store/vendors";
import { verificationProcedures } from "@/src/modules/verification/schema";

export const EXPORT_FORMAT = "ringlet-export/1";

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Sign-ins and API keys as the member sees them on the security page: never a token or a key hash. */
async function security(ctx: Ctx, userId: string) {
  const [sessions, keys] = await Promise.all([
    ctx.db.select({ id: session.id, createdAt: session.createdAt, lastSeenAt: session.updatedAt, expiresAt: session.expiresAt, ipAddress: session.ipAddress, userAgent: session.userAgent }).from(session).where(eq(session.userId, userId)).orderBy(asc(session.createdAt)),
    ctx.db.select({ id: apikey.id, name: apikey.name, start: apikey.start, createdAt: apikey.createdAt, lastUsedAt: apikey.lastRequest, expiresAt: apikey.expiresAt }).from(apikey).where(eq(apikey.referenceId, userId)).orderBy(asc(apikey.createdAt)),
  ]);
  return {
    sessions: sessions.map((s) => ({ ...s, createdAt: iso(s.createdAt), lastSeenAt: iso(s.lastSeenAt), expiresAt: iso(s.expiresAt) })),
    apiKeys: keys.map((k) => ({ ...k, createdAt: iso(k.createdAt), lastUsedAt: iso(k.lastUsedAt), expiresAt: iso(k.expiresAt) })),
  };
}

/** Organisations, their verification requests (without who reviewed them) and listings the member wrote. */
async function publishing(ctx: Ctx, userId: string) {
  const [orgs, procedures, listings] = await Promise.all([
    ctx.db.select().from(entities).where(eq(entities.ownerId, userId)).orderBy(asc(entities.createdAt)),
    ctx.db.select().from(verificationProcedures).where(eq(verificationProcedures.applicantId, userId)).orderBy(asc(verificationProcedures.createdAt)),
    ctx.db.select().from(opportunities).where(eq(opportunities.authorId, userId)).orderBy(asc(opportunities.createdAt)),
  ]);
  return {
    organisations: orgs.map(toEntityDto),
    verifications: procedures.map((p) => ({
      id: p.id,
      number: p.number,
      entityId: p.entityId,
      attempt: p.attempt,
      status: p.status,
      items: p.items,
      decisionNote: p.decisionNote,
      submittedAt: iso(p.submittedAt),
      decidedAt: iso(p.decidedAt),
      createdAt: iso(p.createdAt),
    })),
    listings: listings.map((row) => toOpportunityDto(row)),
  };
}

/** What the member did and was told: applications, matches they were notified of, notifications, reports, appeals. */
async function activity(ctx: Ctx, userId: string) {
  const [applications, matches, inbox, preferences, filed, appealed] = await Promise.all([
    myApplications(ctx),
    ctx.db
      .select({ opportunityId: opportunityMatches.opportunityId, score: opportunityMatches.score, explanation: opportunityMatches.explanation, notifiedAt: opportunityMatches.notifiedAt })
      .from(opportunityMatches)
      .where(and(eq(opportunityMatches.userId, userId), isNotNull(opportunityMatches.notifiedAt))),
    ctx.db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(asc(notifications.createdAt)),
    getPreferences(ctx),
    ctx.db.select().from(reports).where(eq(reports.reporterId, userId)).orderBy(asc(reports.createdAt)),
    ctx.db.select().from(appeals).where(eq(appeals.ownerId, userId)).orderBy(asc(appeals.createdAt)),
  ]);
  return {
    applications: applications.items,
    matches: matches.map((m) => ({ ...m, notifiedAt: iso(m.notifiedAt) })),
    notifications: inbox.map((n) => ({ id: n.id, type: n.type, link: n.link, data: n.data, readAt: iso(n.readAt), createdAt: iso(n.createdAt) })),
    notificationPreferences: preferences.items,
    // The moderator's identity and private resolution note are theirs, not the reporter's.
    reports: filed.map((r) => ({ id: r.id, targetType: r.targetType, targetId: r.targetId, category: r.category, reason: r.reason, status: r.status, createdAt: iso(r.createdAt), resolvedAt: iso(r.resolvedAt) })),
    appeals: appealed.map((a) => ({ id: a.id, entityId: a.entityId, message: a.message, status: a.status, note: a.note, createdAt: iso(a.createdAt), decidedAt: iso(a.decidedAt) })),
  };
}

/** Money: every payment, the credit balance with all its ledger entries, the membership, orders, cart and selling. */
async function money(ctx: Ctx, userId: string) {
  const account = userAccount(userId);
  const [transactions, [balance], entries, [membership], orders, cart, selling] = await Promise.all([
    ctx.db.select().from(paymentTransactions).where(eq(paymentTransactions.userId, userId)).orderBy(asc(paymentTransactions.createdAt)),
    ctx.db.select({ balance: creditAccounts.balance }).from(creditAccounts).where(eq(creditAccounts.account, account)),
    ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.account, account)).orderBy(asc(ledgerEntries.createdAt)),
    ctx.db.select().from(memberships).where(eq(memberships.userId, userId)),
    myOrders(ctx),
    getCart(ctx),
    mySelling(ctx),
  ]);
  return {
    transactions: transactions.map(toTransactionDto),
    credits: {
      balance: balance?.balance ?? 0,
      entries: entries.map((e) => ({ id: e.id, amount: e.amount, reason: e.reason, transactionId: e.transactionId, createdAt: iso(e.createdAt) })),
    },
    membership: membership ? { validUntil: iso(membership.validUntil), periods: membership.periods } : null,
    orders: orders.items,
    cart: cart.items.map((i) => ({ productId: i.productId, title: i.product.title, quantity: i.quantity, lineMinor: i.lineMinor, currency: i.product.currency })),
    selling: selling.items,
  };
}

/** Uploads, generated media, newsroom work and the email CRM's record of the member's address. */
async function content(ctx: Ctx, userId: string) {
  const [uploads, media, [editor], written, contacts] = await Promise.all([
    ctx.db.select({ id: files.id, purpose: files.purpose, contentType: files.contentType, size: files.size, originalName: files.originalName, public: files.public, createdAt: files.createdAt }).from(files).where(eq(files.ownerId, userId)),
    ctx.db.select({ id: generatedMedia.id, kind: generatedMedia.kind, prompt: generatedMedia.prompt, fileId: generatedMedia.fileId, createdAt: generatedMedia.createdAt }).from(generatedMedia).where(eq(generatedMedia.userId, userId)),
    ctx.db.select({ since: newsroomEditors.createdAt }).from(newsroomEditors).where(eq(newsroomEditors.userId, userId)),
    ctx.db.select({ id: articles.id, slug: articles.slug, title: articles.title, locale: articles.locale, status: articles.status, createdAt: articles.createdAt }).from(articles).where(eq(articles.authorId, userId)),
    ctx.db.select({ email: emailContacts.email, name: emailContacts.name, company: emailContacts.company, messages: emailContacts.messages, firstSeenAt: emailContacts.firstSeenAt, lastSeenAt: emailContacts.lastSeenAt }).from(emailContacts).where(eq(emailContacts.userId, userId)),
  ]);
  return {
    files: uploads.map((f) => ({ ...f, createdAt: iso(f.createdAt) })),
    generatedMedia: media.map((m) => ({ ...m, createdAt: iso(m.createdAt) })),
    newsroom: { editorSince: iso(editor?.since ?? null), articles: written.map((a) => ({ ...a, createdAt: iso(a.createdAt) })) },
    emailContacts: contacts.map((c) => ({ ...c, firstSeenAt: iso(c.firstSeenAt), lastSeenAt: iso(c.lastSeenAt) })),
  };
}

/**
 * Everything the ring holds about the signed-in caller, as one JSON document: only rows that are the
 * caller's own (other members appear at most as ids or public names), and never a secret (password
 * hash, session token, API key hash). Any credential may ask, an API key included.
 */
export async function exportMyData(ctx: Ctx) {
  const { userId } = requireUser(ctx.actor);
  const [row] = await ctx.db
    .select({ id: user.id, name: user.name, email: user.email, emailVerified: user.emailVerified, role: user.role, createdAt: user.createdAt, updatedAt: user.updatedAt })
    .from(user)
    .where(eq(user.id, userId));
  const me = await getMe(ctx);
  return {
    format: EXPORT_FORMAT,
    exportedAt: ctx.now().toISOString(),
    account: { ...row, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt) },
    profile: { ...me.profile, blockedEntityIds: me.blockedEntityIds },
    security: await security(ctx, userId),
    ...(await publishing(ctx, userId)),
    ...(await activity(ctx, userId)),
    ...(await money(ctx, userId)),
    ...(await content(ctx, userId)),
  };
}
