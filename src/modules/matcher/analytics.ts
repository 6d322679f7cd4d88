import { and, gte, sql } from "drizzle-orm";
import type { Ctx } from "@/src/platform/context";
import { requireAdmin } from "@/src/platform/auth/require-user";
import { llmProvider } from "@/src/platform/health";
import { resolveSettings } from "@/src/platform/settings/resolve";
import { notifications } from "@/src/modules/notifications/schema";
import { matchRuns } from "./schema";

export const WINDOWS = { "24h": 1, "7d": 7, "30d": 30 } as const;

/** Matcher health for admins over 24 h, 7 d and 30 d: runs, duration, top scores, reach, read rate, auto-approvals and why not. */
export async function matcherAnalytics(ctx: Ctx) {
  requireAdmin(ctx.actor);
  const out: Record<string, unknown> = {};
  for (const [name, days] of Object.entries(WINDOWS)) {
    const since = new Date(ctx.now().getTime() - days * 86_400_000);
    const [runs] = await ctx.db
      .select({
        runs: sql<number>`count(*)::int`,
        avgDurationMs: sql<number | null>`avg(${matchRuns.durationMs})::float8`,
        avgTopScore: sql<number | null>`avg(${matchRuns.bestScore})::float8`,
        notified: sql<number>`coalesce(sum(${matchRuns.notified}), 0)::int`,
        decided: sql<number>`count(${matchRuns.autoApproval})::int`,
        approved: sql<number>`count(*) filter (where ${matchRuns.autoApproval} = 'approved')::int`,
      })
      .from(matchRuns)
      .where(gte(matchRuns.createdAt, since));
    const reasons = await ctx.db
      .select({ reason: matchRuns.autoApproval, n: sql<number>`count(*)::int` })
      .from(matchRuns)
      .where(and(gte(matchRuns.createdAt, since), sql`${matchRuns.autoApproval} is not null`))
      .groupBy(matchRuns.autoApproval);
    const [reads] = await ctx.db
      .select({ sent: sql<number>`count(*)::int`, read: sql<number>`count(${notifications.readAt})::int` })
      .from(notifications)
      .where(and(gte(notifications.createdAt, since), sql`${notifications.type} = 'opportunity_matched'`));
    out[name] = {
      runs: runs.runs,
      avgDurationMs: runs.avgDurationMs === null ? null : Math.round(runs.avgDurationMs),
      avgTopScore: runs.avgTopScore === null ? null : Math.round(runs.avgTopScore * 10) / 10,
      notified: runs.notified,
      readRate: reads.sent ? reads.read / reads.sent : null,
      autoApprovalRate: runs.decided ? runs.approved / runs.decided : null,
      autoApprovalReasons: Object.fromEntries(reasons.map((r) => [r.reason, r.n])),
    };
  }
  return out as Record<keyof typeof WINDOWS, { runs: number; avgDurationMs: number | null; avgTopScore: number | null; notified: number; readRate: number | null; autoApprovalRate: number | null; autoApprovalReasons: Record<string, number> }>;
}

/** Which model provider the matcher's rerank uses now ("local" when none is configured); admins only. */
export async function matcherProvider(ctx: Ctx) {
  requireAdmin(ctx.actor);
  return llmProvider(await resolveSettings(ctx.db));
}
