import { Cron } from "croner";
import { and, desc, eq, gte, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "@/src/platform/context";
import { assertUuid, DomainError, notFound } from "@/src/platform/http/errors";
import { cursorTime, decodeCursor, encodeCursor, PageInput } from "@/src/platform/http/pagination";
import { audit } from "@/src/modules/audit/service";
import { findPipeline, setPaused, startRun } from "./conductor";
import { PIPELINES } from "./pipelines";
import { pipelineState, processRuns } from "./schema";
import { RUN_STATUSES, RUN_TRIGGERS } from "./states";

function requireAdmin(ctx: Ctx) {
  if (ctx.actor.role !== "admin") throw new DomainError("forbidden", "Admins only");
  return ctx.actor;
}

export function nextRunOf(schedule: string, timezone: string, from = new Date()): Date | null {
  return new Cron(schedule, { timezone, paused: true }).nextRun(from);
}

/** Every pipeline with its schedule, next run, last run, 7-day success rate and average duration. */
export async function listPipelines(ctx: Ctx) {
  requireAdmin(ctx);
  const since = new Date(ctx.now().getTime() - 7 * 86_400_000);
  const [states, stats, lastRuns] = await Promise.all([
    ctx.db.select().from(pipelineState),
    ctx.db
      .select({
        pipeline: processRuns.pipeline,
        finished: sql<number>`count(*) filter (where ${processRuns.status} in ('succeeded','failed','timed_out','abandoned'))::int`,
        succeeded: sql<number>`count(*) filter (where ${processRuns.status} = 'succeeded')::int`,
        avgMs: sql<number | null>`avg(${processRuns.durationMs}) filter (where ${processRuns.status} = 'succeeded')::float8`,
      })
      .from(processRuns)
      .where(gte(processRuns.startedAt, since))
      .groupBy(processRuns.pipeline),
    ctx.db
      .selectDistinctOn([processRuns.pipeline], { pipeline: processRuns.pipeline, status: processRuns.status, startedAt: processRuns.startedAt })
      .from(processRuns)
      .where(sql`${processRuns.status} <> 'skipped'`)
      .orderBy(processRuns.pipeline, desc(processRuns.startedAt)),
  ]);
  return {
    items: PIPELINES.filter((p) => {
      try {
        findPipeline(PIPELINES, p.name);
        return true;
      } catch {
        return false;
      }
    }).map((p) => {
      const state = states.find((s) => s.pipeline === p.name);
      const stat = stats.find((s) => s.pipeline === p.name);
      const last = lastRuns.find((r) => r.pipeline === p.name);
      return {
        name: p.name,
        description: p.description,
        schedule: p.schedule,
        timezone: p.timezone,
        module: p.module,
        paused: state?.paused ?? false,
        running: Boolean(state?.leaseExpiresAt && state.leaseExpiresAt > ctx.now()),
        nextRunAt: state?.paused ? null : (nextRunOf(p.schedule, p.timezone, ctx.now())?.toISOString() ?? null),
        lastRun: last ? { status: last.status, startedAt: last.startedAt.toISOString() } : null,
        successRate7d: stat?.finished ? stat.succeeded / stat.finished : null,
        avgDurationMs7d: stat?.avgMs != null ? Math.round(stat.avgMs) : null,
      };
    }),
  };
}

export const ListRunsInput = PageInput.extend({
  pipeline: z.string().max(100).optional(),
  status: z.enum(RUN_STATUSES).optional(),
  trigger: z.enum(RUN_TRIGGERS).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
});
const RunCursor = z.object({ startedAt: z.string(), id: z.uuid() });

function runDto(r: typeof processRuns.$inferSelect) {
  return { ...r, startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null };
}

/** The run ledger, newest first, filtered by pipeline, status, trigger and date. */
export async function listRuns(ctx: Ctx, raw: z.input<typeof ListRunsInput>) {
  requireAdmin(ctx);
  const input = ListRunsInput.parse(raw);
  const filters: SQL[] = [];
  if (input.pipeline) filters.push(eq(processRuns.pipeline, input.pipeline));
  if (input.status) filters.push(eq(processRuns.status, input.status));
  if (input.trigger) filters.push(eq(processRuns.trigger, input.trigger));
  if (input.since) filters.push(gte(processRuns.startedAt, new Date(input.since)));
  const cursor = decodeCursor(input.cursor, RunCursor);
  if (cursor) filters.push(sql`(${processRuns.startedAt}, ${processRuns.id}) < (${cursorTime(cursor.startedAt)}, ${cursor.id}::uuid)`);
  const rows = await ctx.db
    .select()
    .from(processRuns)
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(desc(processRuns.startedAt), desc(processRuns.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return { items: page.map(runDto), nextCursor: rows.length > input.limit ? encodeCursor({ startedAt: last.startedAt.toISOString(), id: last.id }) : null };
}

export async function getRun(ctx: Ctx, id: string) {
  requireAdmin(ctx);
  assertUuid(id, "Run");
  const [row] = await ctx.db.select().from(processRuns).where(eq(processRuns.id, id));
  if (!row) throw notFound("Run");
  return runDto(row);
}

/** Admin "Run now": same ledger rows as any other trigger; 409 when a run holds the lease. */
export async function runNow(ctx: Ctx, name: string) {
  const actor = requireAdmin(ctx);
  const started = await startRun(ctx.db, PIPELINES, name, { trigger: "manual", triggeredBy: actor.userId });
  if (started.status === "skipped") throw new DomainError("already_running", `${name} is already running`);
  await audit(ctx.db, { actorId: actor.userId, action: "pipeline.run", targetType: "pipeline", targetId: name, data: { runId: started.runId } });
  return { runId: started.runId, status: started.status };
}

/** Pause or resume a pipeline's schedule (audited). */
export async function setPipelinePaused(ctx: Ctx, name: string, paused: boolean) {
  const actor = requireAdmin(ctx);
  await setPaused(ctx.db, PIPELINES, name, paused);
  await audit(ctx.db, { actorId: actor.userId, action: paused ? "pipeline.paused" : "pipeline.resumed", targetType: "pipeline", targetId: name });
  return { name, paused };
}
