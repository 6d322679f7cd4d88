import { and, desc, eq, max, sql } from "drizzle-orm";
import type { Env } from "@/src/platform/config/env";
import { queryRows, type Db } from "@/src/platform/db/client";
import type { Logger } from "@/src/platform/log/logger";
import { resolveSettings } from "@/src/platform/settings/resolve";
import { memberProfiles } from "@/src/modules/members/schema";
import { opportunities } from "@/src/modules/opportunities/schema";
import { decideOnScores, matcherSettings } from "../service";
import { matchRuns, opportunityMatches } from "../schema";
import { llmProvider } from "@/src/platform/health";
import { LLM_API_KEY_SETTING } from "@/src/platform/settings/definitions";
import { costUsd, llmModel } from "./model";
import { blendScore, rerankWithLlm, type RerankResult } from "./rerank";

/** A run claimed this long ago by a worker that never finished it is taken again. */
const STALE_CLAIM_MS = 5 * 60_000;

type Run = typeof matchRuns.$inferSelect;

async function claimRun(db: Db, now: Date): Promise<Run | null> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update match_runs set llm_status = 'running', llm_claimed_at = ${now}
        where id = (
          select id from match_runs
          where llm_status = 'pending' or (llm_status = 'running' and llm_claimed_at < ${new Date(now.getTime() - STALE_CLAIM_MS)})
          order by created_at limit 1 for update skip locked
        )
        returning id`,
  );
  if (!rows[0]) return null;
  const [run] = await db.select().from(matchRuns).where(eq(matchRuns.id, rows[0].id));
  return run ?? null;
}

/** Reads what the model needs, outside any transaction, and asks it; a failure is returned, never thrown. */
async function askModel(db: Db, run: Run, e: Env): Promise<{ result: RerankResult | null; error: string | null; model: string | null; local: Map<string, number> }> {
  const settings = await resolveSettings(db);
  const provider = llmProvider(settings);
  const topK = settings.MATCHER_RERANK_TOP_K.value as number;
  const [listing] = await db.select().from(opportunities).where(eq(opportunities.id, run.opportunityId));
  const top = await db
    .select({ m: opportunityMatches, p: memberProfiles })
    .from(opportunityMatches)
    .innerJoin(memberProfiles, eq(memberProfiles.userId, opportunityMatches.userId))
    .where(eq(opportunityMatches.opportunityId, run.opportunityId))
    .orderBy(desc(opportunityMatches.score))
    .limit(topK);
  const local = new Map(top.map(({ m }) => [m.userId, m.score]));
  if (!listing || top.length === 0) return { result: null, error: "nothing to rerank", model: null, local };
  if (provider === "local") return { result: null, error: "no API key for the provider any more", model: null, local };
  const choice = llmModel(provider, settings[LLM_API_KEY_SETTING[provider]].value as string, e);
  try {
    const result = await rerankWithLlm(
      choice,
      listing,
      top.map(({ m, p }) => ({ userId: m.userId, headline: p.headline, bio: p.bio, skills: p.skills, location: p.location, remote: p.remote, languages: p.languages, localScore: m.score })),
      e.LLM_TIMEOUT_MS,
    );
    return { result, error: null, model: choice.modelId, local };
  } catch (err) {
    return { result: null, error: (err instanceof Error ? err.message : String(err)).slice(0, 500), model: choice.modelId, local };
  }
}

/**
 * Finishes one run: blends the model's scores into the judged matches (half local, half LLM), then
 * decides on the final scores in one short transaction. Without an answer, local scores stand.
 */
async function finishRun(db: Db, run: Run, e: Env, log: Logger, now: () => Date): Promise<void> {
  const { result, error, model, local } = await askModel(db, run, e);
  await db.transaction(async (tx) => {
    const [listing] = await tx.select().from(opportunities).where(eq(opportunities.id, run.opportunityId)).for("update");
    const judged = result ? [...result.judgements].filter(([userId]) => local.has(userId)) : [];
    for (const [userId, j] of judged) {
      await tx
        .update(opportunityMatches)
        .set({ score: blendScore(local.get(userId)!, j.score), llmScore: j.score, llmConfidence: j.confidence, llmReason: j.reason })
        .where(and(eq(opportunityMatches.opportunityId, run.opportunityId), eq(opportunityMatches.userId, userId)));
    }
    const [{ best }] = await tx.select({ best: max(opportunityMatches.score) }).from(opportunityMatches).where(eq(opportunityMatches.opportunityId, run.opportunityId));
    const bestConfidence = judged.length ? Math.max(...judged.map(([, j]) => j.confidence)) : null;
    const live = listing && (listing.status === "pending" || listing.status === "active");
    const outcome = live ? await decideOnScores(tx, listing, await matcherSettings(tx), { best: best ?? null, bestLocal: local.size ? Math.max(...local.values()) : null, bestLlmConfidence: bestConfidence }, now()) : { autoApproval: null, notified: 0 };
    await tx
      .update(matchRuns)
      .set({
        llmStatus: result ? "done" : "failed",
        llmModel: model,
        llmMs: result?.ms ?? null,
        llmInputTokens: result?.inputTokens ?? null,
        llmOutputTokens: result?.outputTokens ?? null,
        llmCostUsd: result && model ? costUsd(model, result.inputTokens, result.outputTokens) : null,
        llmError: error,
        bestScore: best ?? null,
        autoApproval: outcome.autoApproval,
        notified: outcome.notified,
      })
      .where(eq(matchRuns.id, run.id));
    log.info({ runId: run.id, opportunityId: run.opportunityId, llm: result ? "done" : "failed", error, judged: judged.length, ms: result?.ms, ...outcome }, "matcher rerank");
  });
}

/** Takes waiting reranks one by one until none is left; returns how many it finished. */
export async function rerankPendingRuns(db: Db, e: Env, log: Logger, now: () => Date = () => new Date()): Promise<number> {
  let done = 0;
  for (;;) {
    const run = await claimRun(db, now());
    if (!run) return done;
    await finishRun(db, run, e, log, now);
    done++;
  }
}
