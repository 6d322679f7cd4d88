import { and, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Ctx } from "@/src/platform/context";
import type { Db } from "@/src/platform/db/client";
import { generativeUsage } from "@/src/modules/generative/schema";
import { admin } from "./service";
import { emailAnalyticsDaily, emailDrafts, emailMessages, emailThreads } from "./schema";

const DAY = 86_400_000;
/** The ledger purposes of the inbox's model calls: what the inbox costs. */
const EMAIL_AI_PURPOSES = ["email-classify", "email-draft"];
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Counts one UTC day: volume, intents and sentiment of what came in, holds and escalations, what
 * happened to drafts (and how many went out on their own), median first-response and resolution
 * times (threads resolved that day), and the model calls and their cost.
 */
export async function computeDay(db: Db, day: string) {
  const from = new Date(`${day}T00:00:00Z`);
  const to = new Date(from.getTime() + DAY);
  const within = (column: typeof emailMessages.receivedAt) => and(gte(column, from), lt(column, to));
  const inbound = await db.select({ classification: emailMessages.classification, risk: emailMessages.riskLevel }).from(emailMessages).where(and(eq(emailMessages.direction, "in"), within(emailMessages.receivedAt)));
  const [{ sent }] = await db.select({ sent: sql<number>`count(*)::int` }).from(emailMessages).where(and(eq(emailMessages.direction, "out"), within(emailMessages.receivedAt)));
  const [{ escalated }] = await db.select({ escalated: sql<number>`count(*)::int` }).from(emailThreads).where(and(gte(emailThreads.escalatedAt, from), lt(emailThreads.escalatedAt, to)));
  const drafts = await db.select({ status: emailDrafts.status, n: sql<number>`count(*)::int` }).from(emailDrafts).where(and(gte(emailDrafts.createdAt, from), lt(emailDrafts.createdAt, to))).groupBy(emailDrafts.status);
  const decided = await db.select({ status: emailDrafts.status, edited: emailDrafts.edited }).from(emailDrafts).where(and(gte(emailDrafts.decidedAt, from), lt(emailDrafts.decidedAt, to)));
  const [{ median }] = await db
    .select({
      median: sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from r.first_out - r.first_in) / 60)`,
    })
    .from(
      sql`(select t.id, min(m.received_at) filter (where m.direction = 'in') as first_in, min(m.received_at) filter (where m.direction = 'out') as first_out
             from ${emailThreads} t join ${emailMessages} m on m.thread_id = t.id group by t.id) r`,
    )
    .where(sql`r.first_in >= ${from} and r.first_in < ${to} and r.first_out is not null`);
  const [{ resolution }] = await db
    .select({ resolution: sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from ${emailThreads.resolvedAt} - ${emailThreads.createdAt}) / 60)` })
    .from(emailThreads)
    .where(and(gte(emailThreads.resolvedAt, from), lt(emailThreads.resolvedAt, to)));
  const [{ autoSent }] = await db.select({ autoSent: sql<number>`count(*)::int` }).from(emailDrafts).where(and(eq(emailDrafts.autoSent, true), gte(emailDrafts.sentAt, from), lt(emailDrafts.sentAt, to)));
  const [ai] = await db
    .select({ calls: sql<number>`count(*)::int`, cost: sql<number>`coalesce(sum(${generativeUsage.costUsd}), 0)::float8` })
    .from(generativeUsage)
    .where(and(inArray(generativeUsage.purpose, EMAIL_AI_PURPOSES), eq(generativeUsage.status, "used"), gte(generativeUsage.createdAt, from), lt(generativeUsage.createdAt, to)));
  const tally = (values: (string | undefined)[]) => values.reduce<Record<string, number>>((acc, v) => (v ? { ...acc, [v]: (acc[v] ?? 0) + 1 } : acc), {});

  const row = {
    day,
    received: inbound.length,
    sent,
    held: inbound.filter((m) => m.risk === "high").length,
    escalated,
    intents: tally(inbound.map((m) => m.classification?.intent)),
    sentiments: tally(inbound.map((m) => m.classification?.sentiment)),
    draftsCreated: drafts.reduce((s, r) => s + r.n, 0),
    // Each draft a person decided that day counts once: rejected, edited (then approved), or approved as written.
    draftsApproved: decided.filter((d) => !d.edited && (d.status === "approved" || d.status === "sent")).length,
    draftsEdited: decided.filter((d) => d.edited && d.status !== "rejected").length,
    draftsRejected: decided.filter((d) => d.status === "rejected").length,
    medianFirstResponseMinutes: median === null ? null : Math.round(Number(median)),
    medianResolutionMinutes: resolution === null ? null : Math.round(Number(resolution)),
    autoSent,
    aiCalls: ai.calls,
    aiCostUsd: Number(ai.cost),
    computedAt: new Date(),
  };
  await db.insert(emailAnalyticsDaily).values(row).onConflictDoUpdate({ target: emailAnalyticsDaily.day, set: row });
  return row;
}

/** The email-analytics pipeline: yesterday and today (today so far), so the dashboard is never a day behind. */
export async function runEmailAnalytics(db: Db, now: Date) {
  const days = [dayOf(new Date(now.getTime() - DAY)), dayOf(now)];
  for (const day of days) await computeDay(db, day);
  return { days: days.length };
}

export async function analyticsDays(ctx: Ctx, limit = 30) {
  admin(ctx);
  const rows = await ctx.db.select().from(emailAnalyticsDaily).orderBy(desc(emailAnalyticsDaily.day)).limit(limit);
  return { items: rows.map((r) => ({ ...r, computedAt: r.computedAt.toISOString() })) };
}

/** The inbox's latest model calls from the generation ledger: purpose, model, tokens, cost and how long each took. */
export async function recentModelCalls(ctx: Ctx, limit = 20) {
  admin(ctx);
  const rows = await ctx.db
    .select()
    .from(generativeUsage)
    .where(inArray(generativeUsage.purpose, EMAIL_AI_PURPOSES))
    .orderBy(desc(generativeUsage.createdAt))
    .limit(limit);
  return {
    items: rows.map((r) => ({
      at: r.createdAt.toISOString(),
      purpose: r.purpose,
      provider: r.provider,
      model: r.model,
      status: r.status,
      inputTokens: r.inputTokens,
      outputTokens: r.outputTokens,
      costUsd: r.costUsd,
      latencyMs: r.latencyMs,
      error: r.error,
    })),
  };
}
