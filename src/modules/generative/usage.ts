import { and, eq, gte, inArray, ne, sql, sum } from "drizzle-orm";
import { user } from "@/src/platform/auth/schema";
import type { Db } from "@/src/platform/db/client";
import { DomainError } from "@/src/platform/http/errors";
import type { ResolvedSettings } from "@/src/platform/settings/resolve";
import { generativeUsage, type GenerationKind } from "./schema";

const QUOTA_SETTING: Record<GenerationKind, string> = {
  image: "GENERATIVE_IMAGES_PER_USER_PER_DAY",
  video: "GENERATIVE_VIDEOS_PER_USER_PER_DAY",
  text: "GENERATIVE_TEXTS_PER_USER_PER_DAY",
};

export const startOfUtcDay = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
const secondsToMidnight = (now: Date) => Math.ceil((startOfUtcDay(now).getTime() + 86_400_000 - now.getTime()) / 1000);

export interface Reservation {
  userId: string | null;
  kind: GenerationKind;
  units: number;
  purpose: string;
  provider: string;
  model: string;
  /** Admins and the ring's own pipelines are held only by the ring's daily budget. */
  exempt: boolean;
}

/**
 * Writes the usage row before the provider is asked. The member's account row is locked while the
 * day's units are counted, so concurrent requests cannot both slip under the quota.
 */
export async function reserve(db: Db, r: Reservation, settings: ResolvedSettings, now: Date): Promise<string> {
  return db.transaction(async (tx) => {
    const day = startOfUtcDay(now);
    const retry = { "retry-after": String(secondsToMidnight(now)) };
    const budget = settings.GENERATIVE_RING_USD_PER_DAY.value as number;
    if (budget > 0) {
      const [spent] = await tx.select({ usd: sum(generativeUsage.costUsd) }).from(generativeUsage).where(and(gte(generativeUsage.createdAt, day), eq(generativeUsage.status, "used")));
      if (Number(spent?.usd ?? 0) >= budget) throw new DomainError("rate_limited", `The ring's generation budget for today (${budget} USD) is spent; try again tomorrow`, undefined, retry);
    }
    if (r.userId && !r.exempt) {
      await tx.select({ id: user.id }).from(user).where(eq(user.id, r.userId)).for("update");
      const limit = settings[QUOTA_SETTING[r.kind]].value as number;
      const [used] = await tx
        .select({ units: sum(generativeUsage.units) })
        .from(generativeUsage)
        .where(and(eq(generativeUsage.userId, r.userId), eq(generativeUsage.kind, r.kind), ne(generativeUsage.status, "released"), gte(generativeUsage.createdAt, day)));
      const already = Number(used?.units ?? 0);
      if (already + r.units > limit)
        throw new DomainError("rate_limited", `Daily limit reached: ${limit} ${r.kind === "text" ? "texts" : `${r.kind}s`} a day (${already} used today)`, undefined, retry);
    }
    const [row] = await tx
      .insert(generativeUsage)
      .values({ userId: r.userId, kind: r.kind, units: r.units, purpose: r.purpose, provider: r.provider, model: r.model, createdAt: now })
      .returning({ id: generativeUsage.id });
    return row.id;
  });
}

export async function settleUsage(db: Db, id: string, done: { units?: number; model: string; costUsd: number | null; inputTokens?: number; outputTokens?: number; latencyMs?: number }, now: Date) {
  await db
    .update(generativeUsage)
    .set({ status: "used", model: done.model, costUsd: done.costUsd, inputTokens: done.inputTokens, outputTokens: done.outputTokens, latencyMs: done.latencyMs, settledAt: now, ...(done.units ? { units: done.units } : {}) })
    .where(eq(generativeUsage.id, id));
}

/** The provider failed: the request no longer counts against the quota. */
export async function releaseUsage(db: Db, id: string, error: string, now: Date, latencyMs?: number) {
  await db.update(generativeUsage).set({ status: "released", error: error.slice(0, 1000), latencyMs, settledAt: now }).where(eq(generativeUsage.id, id));
}

/** What a member has used today and may still use, per kind. */
export async function quotaOf(db: Db, userId: string, settings: ResolvedSettings, now: Date) {
  const rows = await db
    .select({ kind: generativeUsage.kind, units: sum(generativeUsage.units) })
    .from(generativeUsage)
    .where(and(eq(generativeUsage.userId, userId), inArray(generativeUsage.status, ["reserved", "used"]), gte(generativeUsage.createdAt, startOfUtcDay(now))))
    .groupBy(generativeUsage.kind);
  const used = new Map(rows.map((r) => [r.kind, Number(r.units ?? 0)]));
  return Object.fromEntries(
    (Object.keys(QUOTA_SETTING) as GenerationKind[]).map((kind) => [kind, { used: used.get(kind) ?? 0, limit: settings[QUOTA_SETTING[kind]].value as number }]),
  ) as Record<GenerationKind, { used: number; limit: number }>;
}

/** The admin usage page: per day and kind, units, cost and failures, over the last `days` days. */
export async function usageSummary(db: Db, now: Date, days = 30) {
  const since = new Date(startOfUtcDay(now).getTime() - (days - 1) * 86_400_000);
  const byDay = await db
    .select({
      day: sql<string>`to_char(${generativeUsage.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`,
      kind: generativeUsage.kind,
      units: sql<number>`coalesce(sum(${generativeUsage.units}) filter (where ${generativeUsage.status} <> 'released'), 0)::int`,
      failed: sql<number>`(count(*) filter (where ${generativeUsage.status} = 'released'))::int`,
      costUsd: sql<number>`coalesce(sum(${generativeUsage.costUsd}), 0)::float8`,
    })
    .from(generativeUsage)
    .where(gte(generativeUsage.createdAt, since))
    .groupBy(sql`1`, generativeUsage.kind)
    .orderBy(sql`1 desc`, generativeUsage.kind);
  const byUser = await db
    .select({
      userId: generativeUsage.userId,
      email: user.email,
      units: sql<number>`coalesce(sum(${generativeUsage.units}) filter (where ${generativeUsage.status} <> 'released'), 0)::int`,
      costUsd: sql<number>`coalesce(sum(${generativeUsage.costUsd}), 0)::float8`,
    })
    .from(generativeUsage)
    .leftJoin(user, eq(user.id, generativeUsage.userId))
    .where(gte(generativeUsage.createdAt, since))
    .groupBy(generativeUsage.userId, user.email)
    .orderBy(sql`3 desc`)
    .limit(20);
  return { since: since.toISOString(), byDay, byUser, totalUsd: byDay.reduce((a, r) => a + r.costUsd, 0) };
}
