import { and, desc, eq, gte, inArray, isNull, ne, notInArray, sql, type SQL } from "drizzle-orm";
import { canView, visibilitiesFor, type Visibility } from "@/src/platform/access/visibility";
import { ROLES, type Actor, type Role } from "@/src/platform/auth/roles";
import { user } from "@/src/platform/auth/schema";
import type { Ctx } from "@/src/platform/context";
import type { Db } from "@/src/platform/db/client";
import { publish } from "@/src/platform/events/publish";
import { DomainError, notFound } from "@/src/platform/http/errors";
import { logger } from "@/src/platform/log/logger";
import { resolveSettings } from "@/src/platform/settings/resolve";
import { llmProvider } from "@/src/platform/health";
import { memberProfiles } from "@/src/modules/members/schema";
import { notifyMany, recentCounts } from "@/src/modules/notifications/service";
import { entities } from "@/src/modules/entities/schema";
import { applications, opportunities, opportunityTransitions } from "@/src/modules/opportunities/schema";
import { getVisibleOpportunity, opportunityViewable, reviewQueue } from "@/src/modules/opportunities/service";
import type { OpportunityStatus } from "@/src/modules/opportunities/states";
import { hasOpenReports } from "@/src/modules/moderation/reports";
import { kickRerank } from "./llm/kick";
import { matchRuns, opportunityMatches } from "./schema";
import { scoreCandidates, type CandidateProfile } from "./score";
import { terms } from "./text";
import { metrics } from "@/src/platform/metrics/metrics";

/** How many members the indexed first stage hands to the scorer. */
export const FIRST_STAGE_LIMIT = 400;
/** How many loosely matching profiles the second pass ranks at most. */
const FIRST_STAGE_SCAN = 5000;

type Listing = typeof opportunities.$inferSelect;

/** Roles that may see a listing of this visibility, as a SQL list. */
function rolesSeeing(visibility: Visibility): Role[] {
  return ROLES.filter((role) => visibilitiesFor({ kind: "user", role, userId: "", email: "", name: "" }).includes(visibility));
}

const toQuery = (words: string[], op: " & " | " | ") => (words.length ? words.map((w) => `${w}:*`).join(op) : null);

/**
 * First stage: opted-in members who may see the listing (not its author, not suspended, not blocking its
 * organisation), best text matches first. Three bounded passes keep it fast on 100k profiles: shared
 * skills or every title word; then any title or skill word (ranking at most 5,000 rows); then the category.
 */
export async function firstStage(db: Db, listing: Listing): Promise<CandidateProfile[]> {
  const titleWords = [...new Set(terms(listing.title))].slice(0, 8);
  const anyWords = [...new Set([...titleWords, ...listing.skills.flatMap((s) => terms(s))])].slice(0, 16);
  const all = toQuery(titleWords, " & ");
  const any = toQuery(anyWords, " | ");
  const eligible = and(
    eq(memberProfiles.notifyOnMatch, true),
    ne(memberProfiles.userId, listing.authorId),
    isNull(user.suspendedAt),
    inArray(user.role, rolesSeeing(listing.visibility as Visibility)),
    listing.entityId ? sql`not (${listing.entityId} = any(${memberProfiles.blockedEntityIds}))` : sql`true`,
  );
  const rank = any ? sql`ts_rank(${memberProfiles.search}, to_tsquery('simple', ${any}))` : sql`0`;
  const found = new Map<string, typeof memberProfiles.$inferSelect>();
  const take = async (where: SQL, order: SQL, limit: number) => {
    if (limit <= 0) return;
    const rows = await db
      .select({ p: memberProfiles })
      .from(memberProfiles)
      .innerJoin(user, eq(user.id, memberProfiles.userId))
      .where(and(eligible, where, found.size ? notInArray(memberProfiles.userId, [...found.keys()]) : undefined))
      .orderBy(order)
      .limit(limit);
    for (const { p } of rows) found.set(p.userId, p);
  };
  const sharedSkills = sql`${memberProfiles.skillsNormalized} && ${sql.param(listing.skillsNormalized)}::text[]`;
  await take(all ? sql`(${sharedSkills} or ${memberProfiles.search} @@ to_tsquery('simple', ${all}))` : sharedSkills, sql`${rank} desc`, FIRST_STAGE_LIMIT);
  if (any && found.size < FIRST_STAGE_LIMIT) {
    const sample = db
      .select({ id: memberProfiles.userId })
      .from(memberProfiles)
      .where(sql`${memberProfiles.search} @@ to_tsquery('simple', ${any})`)
      .limit(FIRST_STAGE_SCAN);
    await take(inArray(memberProfiles.userId, sample), sql`${rank} desc`, FIRST_STAGE_LIMIT - found.size);
  }
  await take(sql`${memberProfiles.categories} && array[${listing.category}]::text[]`, desc(memberProfiles.updatedAt), FIRST_STAGE_LIMIT - found.size);
  return [...found.values()].map((p) => ({
    userId: p.userId,
    headline: p.headline,
    bio: p.bio,
    skills: p.skills,
    categories: p.categories,
    location: p.location,
    remote: p.remote,
    languages: p.languages,
    updatedAt: p.updatedAt,
  }));
}

export interface MatcherSettings {
  threshold: number;
  rerankTopK: number;
  perListing: number;
  perUserPerDay: number;
  autoApprove: boolean;
  autoApproveMinScore: number;
  localOnly: boolean;
  confidenceGate: number;
  minAccountAgeHours: number;
  provider: string;
}

export async function matcherSettings(db: Db): Promise<MatcherSettings> {
  const s = await resolveSettings(db);
  return {
    threshold: s.MATCHER_SCORE_THRESHOLD.value as number,
    rerankTopK: s.MATCHER_RERANK_TOP_K.value as number,
    perListing: s.MATCHER_MAX_NOTIFICATIONS_PER_LISTING.value as number,
    perUserPerDay: s.MATCHER_MAX_NOTIFICATIONS_PER_USER_PER_DAY.value as number,
    autoApprove: s.MATCHER_AUTO_APPROVE.value as boolean,
    autoApproveMinScore: s.MATCHER_AUTO_APPROVE_MIN_SCORE.value as number,
    localOnly: s.MATCHER_AUTO_APPROVE_LOCAL_ONLY.value as boolean,
    confidenceGate: s.MATCHER_LLM_CONFIDENCE_GATE.value as number,
    minAccountAgeHours: s.MATCHER_MIN_ACCOUNT_AGE_HOURS.value as number,
    provider: llmProvider(s),
  };
}

export type AutoApprovalReason =
  | "approved"
  | "auto_approve_disabled"
  | "not_pending"
  | "safety_hold"
  | "llm_confidence_below_gate"
  | "local_score_below_minimum"
  | "local_only_not_allowed"
  | "no_matches_above_threshold";

/**
 * The auto-approval rule, in order: disabled; not pending; safety hold (young account, hidden or
 * suspended owner); LLM confidence under the gate (when an LLM ranked) or local-only not allowed;
 * when an LLM ranked, the best local score under the minimum (the model reads member-written text,
 * so its judgement alone never approves: the local scorer must agree); best score under the minimum;
 * else approved.
 */
export function autoApprovalDecision(input: {
  settings: Pick<MatcherSettings, "autoApprove" | "autoApproveMinScore" | "localOnly" | "confidenceGate" | "minAccountAgeHours" | "provider">;
  status: string;
  authorCreatedAt: Date;
  safetyFlag: boolean;
  bestScore: number | null;
  /** The best score of the local scorer alone (before any blending with the model's). */
  bestLocalScore: number | null;
  bestLlmConfidence: number | null;
  now: Date;
}): AutoApprovalReason {
  const { settings } = input;
  if (!settings.autoApprove) return "auto_approve_disabled";
  if (input.status !== "pending") return "not_pending";
  const ageHours = (input.now.getTime() - input.authorCreatedAt.getTime()) / 3_600_000;
  if (input.safetyFlag || ageHours < settings.minAccountAgeHours) return "safety_hold";
  if (settings.provider !== "local") {
    if ((input.bestLlmConfidence ?? 0) < settings.confidenceGate) return "llm_confidence_below_gate";
    if (input.bestLocalScore === null || input.bestLocalScore / 100 < settings.autoApproveMinScore) return "local_score_below_minimum";
  } else if (!settings.localOnly) return "local_only_not_allowed";
  if (input.bestScore === null || input.bestScore / 100 < settings.autoApproveMinScore) return "no_matches_above_threshold";
  return "approved";
}

/** Notifies the best unnotified matches of an active listing, honouring visibility and blocks as they are now, opt-outs and both caps, in a few set-based queries. */
async function notifyMatches(tx: Db, listing: Listing, settings: MatcherSettings, now: Date): Promise<number> {
  const [entity] = listing.entityId ? await tx.select({ status: entities.status }).from(entities).where(eq(entities.id, listing.entityId)) : [null];
  const ranked = await tx
    .select({ m: opportunityMatches, role: user.role, email: user.email, name: user.name, blocked: memberProfiles.blockedEntityIds })
    .from(opportunityMatches)
    .innerJoin(user, eq(user.id, opportunityMatches.userId))
    .leftJoin(memberProfiles, eq(memberProfiles.userId, opportunityMatches.userId))
    .where(and(eq(opportunityMatches.opportunityId, listing.id), gte(opportunityMatches.score, settings.threshold)))
    .orderBy(desc(opportunityMatches.score))
    .limit(settings.perListing);
  const room = settings.perListing - ranked.filter((r) => r.m.notifiedAt).length;
  const fresh = ranked
    .filter((r) => !r.m.notifiedAt)
    .filter((r) => canView({ kind: "user", userId: r.m.userId, role: r.role as Role, email: r.email, name: r.name, blockedEntityIds: r.blocked ?? [] }, opportunityViewable(listing, entity)));
  if (room <= 0 || fresh.length === 0) return 0;
  const today = await recentCounts(tx, fresh.map((r) => r.m.userId), "opportunity_matched", new Date(now.getTime() - 86_400_000));
  const chosen = fresh.filter((r) => (today.get(r.m.userId) ?? 0) < settings.perUserPerDay).slice(0, room);
  const told = await notifyMany(
    tx,
    chosen.map(({ m }) => ({
      userId: m.userId,
      type: "opportunity_matched" as const,
      link: `/opportunities/${listing.id}`,
      data: { title: listing.title, explanation: m.explanation, score: m.score, opportunityId: listing.id },
      dedupeKey: `match:${listing.id}`,
    })),
  );
  if (told.length)
    await tx
      .update(opportunityMatches)
      .set({ notifiedAt: now })
      .where(and(eq(opportunityMatches.opportunityId, listing.id), inArray(opportunityMatches.userId, told)));
  return told.length;
}

/** What a run decided once its scores are final: the auto-approval reason (pending listings) and how many were notified (active ones). */
export interface RunOutcome {
  autoApproval: AutoApprovalReason | null;
  notified: number;
}

/**
 * The second half of every run, on final scores (local, or blended with the LLM's): for a pending
 * listing the auto-approval rule, for an active one the notifications. Call with the listing locked.
 */
export async function decideOnScores(tx: Db, listing: Listing, settings: MatcherSettings, scores: { best: number | null; bestLocal: number | null; bestLlmConfidence: number | null }, now: Date): Promise<RunOutcome> {
  const bestScore = scores.best;
  let autoApproval: AutoApprovalReason | null = null;
  let status = listing.status;
  if (listing.status === "pending") {
    const [author] = await tx.select().from(user).where(eq(user.id, listing.authorId));
    const [entity] = listing.entityId ? await tx.select({ status: entities.status }).from(entities).where(eq(entities.id, listing.entityId)) : [null];
    autoApproval = autoApprovalDecision({
      settings,
      status: listing.status,
      authorCreatedAt: author.createdAt,
      safetyFlag: Boolean(author.suspendedAt) || entity?.status === "hidden" || (await hasOpenReports(tx, listing.authorId, listing.entityId)),
      bestScore,
      bestLocalScore: scores.bestLocal,
      bestLlmConfidence: scores.bestLlmConfidence,
      now,
    });
    if (autoApproval === "approved") {
      await tx.update(opportunities).set({ status: "active", publishedAt: listing.publishedAt ?? now, updatedAt: now }).where(eq(opportunities.id, listing.id));
      await tx.insert(opportunityTransitions).values({ opportunityId: listing.id, fromStatus: "pending", toStatus: "active", actorId: null, actorKind: "system", note: `Auto-approved: best match ${bestScore}`, createdAt: now });
      await publish(tx, { type: "opportunity.auto_approved", aggregateType: "opportunity", aggregateId: listing.id, payload: { bestScore } });
      await publish(tx, { type: "opportunity.status_changed", aggregateType: "opportunity", aggregateId: listing.id, payload: { from: "pending", to: "active", visibility: listing.visibility, note: "auto-approved" } });
      status = "active";
    }
  }
  const notified = status === "active" ? await notifyMatches(tx, { ...listing, status }, settings, now) : 0;
  return { autoApproval, notified };
}

/**
 * Runs the matcher for a listing: first stage, scoring, persisted matches and run record. Without an
 * LLM it decides at once (auto-approval, notifications); with one the run waits as `llm_status =
 * pending` for the rerank worker, which calls the model outside any transaction and then decides.
 */
export async function runMatcher(tx: Db, opportunityId: string, trigger: string, now: Date = new Date()) {
  const started = performance.now();
  const [listing] = await tx.select().from(opportunities).where(eq(opportunities.id, opportunityId)).for("update");
  if (!listing || (listing.status !== "pending" && listing.status !== "active")) return null;
  const settings = await matcherSettings(tx);
  const candidates = await firstStage(tx, listing);
  const scored = scoreCandidates(listing, candidates, now).slice(0, 200);
  const runId = crypto.randomUUID();
  if (scored.length) {
    await tx
      .insert(opportunityMatches)
      .values(scored.map((s) => ({ opportunityId, userId: s.userId, score: s.score, breakdown: s.breakdown, explanation: s.explanation, runId, updatedAt: now })))
      .onConflictDoUpdate({
        target: [opportunityMatches.opportunityId, opportunityMatches.userId],
        set: { score: sql`excluded.score`, breakdown: sql`excluded.breakdown`, explanation: sql`excluded.explanation`, llmScore: null, llmConfidence: null, llmReason: null, runId, updatedAt: now },
      });
  }
  const bestScore = scored[0]?.score ?? null;
  const rerank = settings.provider !== "local" && settings.rerankTopK > 0 && scored.length > 0;
  const outcome: RunOutcome = rerank ? { autoApproval: null, notified: 0 } : await decideOnScores(tx, listing, settings, { best: bestScore, bestLocal: bestScore, bestLlmConfidence: null }, now);
  const durationMs = Math.round(performance.now() - started);
  metrics().matcherDuration.observe(durationMs / 1000);
  await tx.insert(matchRuns).values({
    id: runId,
    opportunityId,
    trigger,
    provider: settings.provider,
    candidates: candidates.length,
    matched: scored.filter((s) => s.score >= settings.threshold).length,
    notified: outcome.notified,
    bestScore,
    durationMs,
    autoApproval: outcome.autoApproval,
    llmStatus: rerank ? "pending" : null,
    createdAt: now,
  });
  logger().info({ opportunityId, trigger, candidates: candidates.length, ...outcome, durationMs, rerank }, "matcher run");
  return { runId, candidates: candidates.length, bestScore, ...outcome, durationMs, rerank };
}

/** Admins see every match with its breakdown; the author only counts and a histogram, never identities (per-member explanations: `mayReadMatchExplanation`). */
export async function opportunityMatchesView(ctx: Ctx, opportunityId: string) {
  const { row } = await getVisibleOpportunity(ctx.db, ctx.actor, opportunityId);
  const isAdmin = ctx.actor.role === "admin";
  const isAuthor = ctx.actor.kind === "user" && ctx.actor.userId === row.authorId;
  if (!isAdmin && !isAuthor) throw notFound("Opportunity");
  const rows = await ctx.db
    .select({ m: opportunityMatches, name: user.name })
    .from(opportunityMatches)
    .innerJoin(user, eq(user.id, opportunityMatches.userId))
    .where(eq(opportunityMatches.opportunityId, opportunityId))
    .orderBy(desc(opportunityMatches.score));
  const [lastRun] = await ctx.db.select().from(matchRuns).where(eq(matchRuns.opportunityId, opportunityId)).orderBy(desc(matchRuns.createdAt)).limit(1);
  const histogram = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (const { m } of rows) histogram[Math.min(9, Math.floor(m.score / 10))]++;
  const summary = { total: rows.length, notified: rows.filter((r) => r.m.notifiedAt).length, scoreHistogram: histogram, lastRun: lastRun ? { ...lastRun, createdAt: lastRun.createdAt.toISOString() } : null };
  if (!isAdmin) return summary;
  return {
    ...summary,
    items: rows.map(({ m, name }) => ({ userId: m.userId, name, score: m.score, breakdown: m.breakdown, explanation: m.explanation, llmScore: m.llmScore, llmConfidence: m.llmConfidence, llmReason: m.llmReason, notifiedAt: m.notifiedAt?.toISOString() ?? null })),
  };
}

/** The review queue with each listing's newest matcher run: best score and the auto-approval reason. */
export async function reviewQueueWithMatches(ctx: Ctx, status: OpportunityStatus = "pending") {
  const queue = await reviewQueue(ctx, status);
  const ids = queue.items.map((i) => i.id);
  const runs = ids.length
    ? await ctx.db
        .selectDistinctOn([matchRuns.opportunityId], { opportunityId: matchRuns.opportunityId, bestScore: matchRuns.bestScore, autoApproval: matchRuns.autoApproval })
        .from(matchRuns)
        .where(inArray(matchRuns.opportunityId, ids))
        .orderBy(matchRuns.opportunityId, desc(matchRuns.createdAt))
    : [];
  const byId = new Map(runs.map((r) => [r.opportunityId, r]));
  return { items: queue.items.map((i) => ({ ...i, bestMatchScore: byId.get(i.id)?.bestScore ?? null, autoApprovalReason: byId.get(i.id)?.autoApproval ?? null })) };
}

/** Admin re-runs the matcher now (same rules: nobody is notified twice). */
export async function rerunMatcher(ctx: Ctx, opportunityId: string) {
  if (ctx.actor.role !== "admin") throw new DomainError("forbidden", "Admins only");
  await getVisibleOpportunity(ctx.db, ctx.actor, opportunityId);
  const result = await ctx.db.transaction((tx) => runMatcher(tx, opportunityId, "manual", ctx.now()));
  if (!result) throw new DomainError("conflict", "Only pending or active listings are matched");
  if (result.rerank) kickRerank();
  return result;
}


/**
 * THE rule for a match's breakdown and the model's reason, used by every reader (API, pages, MCP,
 * CLI): admins, the matched member, and the listing's author only about a member who applied to it
 * (a live application). Everyone else is answered as if the match did not exist.
 */
export async function mayReadMatchExplanation(db: Db, actor: Actor, listing: { id: string; authorId: string }, memberId: string): Promise<boolean> {
  if (actor.role === "admin") return true;
  if (actor.kind !== "user") return false;
  if (actor.userId === memberId) return true;
  if (actor.userId !== listing.authorId) return false;
  const [applied] = await db
    .select({ id: applications.id })
    .from(applications)
    .where(and(eq(applications.opportunityId, listing.id), eq(applications.applicantId, memberId), ne(applications.status, "withdrawn")));
  return Boolean(applied);
}

/** Why one member matched one listing: the score's breakdown and the model's reason (see `mayReadMatchExplanation`; else 404). */
export async function explainMatch(ctx: Ctx, opportunityId: string, userId: string) {
  const { row } = await getVisibleOpportunity(ctx.db, ctx.actor, opportunityId);
  if (!(await mayReadMatchExplanation(ctx.db, ctx.actor, row, userId))) throw notFound("Match");
  const [match] = await ctx.db
    .select()
    .from(opportunityMatches)
    .where(and(eq(opportunityMatches.opportunityId, opportunityId), eq(opportunityMatches.userId, userId)));
  if (!match) throw notFound("Match");
  return {
    opportunityId,
    userId,
    score: match.score,
    breakdown: match.breakdown,
    explanation: match.explanation,
    llm: match.llmScore === null ? null : { score: match.llmScore, confidence: match.llmConfidence, reason: match.llmReason },
    notifiedAt: match.notifiedAt?.toISOString() ?? null,
  };
}
