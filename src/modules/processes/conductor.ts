import { publish } from "@/src/platform/events/publish";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import os from "node:os";
import { env } from "@/src/platform/config/env";
import { isModuleEnabled } from "@/src/platform/config/ring-config";
import type { Db } from "@/src/platform/db/client";
import { DomainError } from "@/src/platform/http/errors";
import { logger } from "@/src/platform/log/logger";
import { user } from "@/src/platform/auth/schema";
import { notifyMany } from "@/src/modules/notifications/service";
import type { Pipeline } from "./registry";
import { pipelineState, processRuns } from "./schema";
import { RUN_TRIGGERS } from "./states";
import { metrics } from "@/src/platform/metrics/metrics";

export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/** How long a lease lives without a heartbeat; a run whose instance died is abandoned after it. */
export const LEASE_MS = Number(process.env.PIPELINE_LEASE_MS ?? 60_000);
const MAX_LOG_LINES = 200;
const ALERT_EVERY_MS = 3_600_000;

export const instanceId = () => env().INSTANCE_ID ?? `${os.hostname()}:${process.pid}`;

export interface StartOptions {
  trigger: RunTrigger;
  triggeredBy?: string | null;
  /** The scheduled instant of a cron tick: several instances firing it start one run. */
  tick?: Date;
  now?: () => Date;
}

export interface StartedRun {
  /** The run's ledger id; null when another instance already took this scheduled tick (nothing to record). */
  runId: string | null;
  status: "running" | "skipped";
  reason?: "already_running" | "paused" | "tick_taken";
  /** Resolves with the final status once the run and its retries are over. */
  done: Promise<string>;
}

export function findPipeline(pipelines: readonly Pipeline[], name: string): Pipeline {
  const pipeline = pipelines.find((p) => p.name === name);
  if (!pipeline || (pipeline.module !== "platform" && !isModuleEnabled(pipeline.module))) throw new DomainError("not_found", `No pipeline named ${name}`);
  return pipeline;
}

async function recordSkipped(db: Db, pipeline: string, options: StartOptions, reason: string, now: Date): Promise<string> {
  const [row] = await db
    .insert(processRuns)
    .values({ pipeline, trigger: options.trigger, status: "skipped", startedAt: now, finishedAt: now, durationMs: 0, instance: instanceId(), error: { message: reason }, triggeredBy: options.triggeredBy ?? null })
    .returning({ id: processRuns.id });
  return row.id;
}

/** A run whose lease expired without finishing belonged to a dead instance: mark it abandoned. */
async function abandonExpired(db: Db, pipeline: string, now: Date): Promise<void> {
  const [state] = await db.select().from(pipelineState).where(eq(pipelineState.pipeline, pipeline));
  if (!state?.leaseRunId || !state.leaseExpiresAt || state.leaseExpiresAt >= now) return;
  await db
    .update(processRuns)
    .set({ status: "abandoned", finishedAt: now, error: { message: `lease held by ${state.leaseOwner} expired` } })
    .where(and(eq(processRuns.id, state.leaseRunId), eq(processRuns.status, "running")));
  await alertAdmins(db, pipeline, "abandoned", `lease held by ${state.leaseOwner} expired`, now);
}

/**
 * Starts a pipeline run under its single-flight lease. The lease is one atomic UPDATE that succeeds only
 * when no live lease exists (and, for a scheduled tick, when that tick has not started a run yet), so it
 * holds across processes on PostgreSQL and within the one session of PGlite. A second trigger is recorded
 * as `skipped`.
 */
export async function startRun(db: Db, pipelines: readonly Pipeline[], name: string, options: StartOptions): Promise<StartedRun> {
  const pipeline = findPipeline(pipelines, name);
  const now = options.now ?? (() => new Date());
  const t0 = now();
  await db.insert(pipelineState).values({ pipeline: name }).onConflictDoNothing();
  const [state] = await db.select().from(pipelineState).where(eq(pipelineState.pipeline, name));
  if (state.paused && options.trigger === "schedule") {
    const runId = await recordSkipped(db, name, options, "pipeline is paused", t0);
    return { runId, status: "skipped", reason: "paused", done: Promise.resolve("skipped") };
  }
  await abandonExpired(db, name, t0);
  const runId = crypto.randomUUID();
  const owner = instanceId();
  const acquired = await db
    .update(pipelineState)
    .set({ leaseOwner: owner, leaseRunId: runId, leaseExpiresAt: new Date(t0.getTime() + LEASE_MS), ...(options.tick ? { lastTickAt: options.tick } : {}) })
    .where(
      and(
        eq(pipelineState.pipeline, name),
        or(isNull(pipelineState.leaseExpiresAt), lt(pipelineState.leaseExpiresAt, t0)),
        options.tick ? or(isNull(pipelineState.lastTickAt), lt(pipelineState.lastTickAt, options.tick)) : undefined,
      ),
    )
    .returning({ pipeline: pipelineState.pipeline });
  if (acquired.length === 0) {
    const [current] = await db.select().from(pipelineState).where(eq(pipelineState.pipeline, name));
    if (options.tick && current.lastTickAt && current.lastTickAt >= options.tick) return { runId: null, status: "skipped", reason: "tick_taken", done: Promise.resolve("skipped") };
    const skippedId = await recordSkipped(db, name, options, "already running", t0);
    return { runId: skippedId, status: "skipped", reason: "already_running", done: Promise.resolve("skipped") };
  }
  await db.insert(processRuns).values({ id: runId, pipeline: name, trigger: options.trigger, status: "running", attempt: 1, startedAt: t0, instance: owner, triggeredBy: options.triggeredBy ?? null });
  const done = execute(db, pipeline, runId, options, now);
  return { runId, status: "running", done };
}

async function execute(db: Db, pipeline: Pipeline, firstRunId: string, options: StartOptions, now: () => Date): Promise<string> {
  const heartbeat = setInterval(() => {
    void db
      .update(pipelineState)
      .set({ leaseExpiresAt: new Date(now().getTime() + LEASE_MS) })
      .where(eq(pipelineState.pipeline, pipeline.name))
      .catch((err) => logger().warn({ err, pipeline: pipeline.name }, "lease heartbeat failed"));
  }, Math.max(1000, LEASE_MS / 3));
  heartbeat.unref();
  let runId = firstRunId;
  let status = "failed";
  try {
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) {
        await new Promise((r) => setTimeout(r, pipeline.retry.backoffMs * 2 ** (attempt - 2)));
        runId = crypto.randomUUID();
        await db.insert(processRuns).values({ id: runId, pipeline: pipeline.name, trigger: options.trigger, status: "running", attempt, startedAt: now(), instance: instanceId(), triggeredBy: options.triggeredBy ?? null });
        await db.update(pipelineState).set({ leaseRunId: runId }).where(eq(pipelineState.pipeline, pipeline.name));
      }
      status = await attemptOnce(db, pipeline, runId, now);
      if (status === "succeeded" || attempt >= pipeline.retry.attempts) break;
    }
  } finally {
    clearInterval(heartbeat);
    await db
      .update(pipelineState)
      .set({ leaseOwner: null, leaseRunId: null, leaseExpiresAt: null })
      .where(and(eq(pipelineState.pipeline, pipeline.name), eq(pipelineState.leaseOwner, instanceId())));
  }
  return status;
}

async function attemptOnce(db: Db, pipeline: Pipeline, runId: string, now: () => Date): Promise<string> {
  const started = now();
  const logs: { at: string; message: string }[] = [];
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`timed out after ${pipeline.timeoutMs} ms`));
      reject(new TimeoutError(`timed out after ${pipeline.timeoutMs} ms`));
    }, pipeline.timeoutMs);
  });
  let status: "succeeded" | "failed" | "timed_out";
  let stats: Record<string, unknown> | null = null;
  let error: { message: string; stack?: string } | null = null;
  try {
    stats = await Promise.race([
      pipeline.handler({ db, signal: controller.signal, now, log: (message) => logs.length < MAX_LOG_LINES && logs.push({ at: now().toISOString(), message: message.slice(0, 500) }) }),
      timeout,
    ]);
    status = "succeeded";
  } catch (e) {
    status = e instanceof TimeoutError ? "timed_out" : "failed";
    error = { message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack?.slice(0, 4000) : undefined };
  } finally {
    clearTimeout(timer);
  }
  const finished = now();
  await db
    .update(processRuns)
    .set({ status, stats, error, logs, finishedAt: finished, durationMs: finished.getTime() - started.getTime() })
    .where(eq(processRuns.id, runId));
  metrics().pipelineRuns.inc({ pipeline: pipeline.name, status });
  if (status !== "succeeded") await alertAdmins(db, pipeline.name, status, error?.message ?? "", finished);
  return status;
}

class TimeoutError extends Error {}

/** Tells admin pages live that a pipeline failed, and admins in-app at most once per pipeline per hour. */
async function alertAdmins(db: Db, pipeline: string, status: string, message: string, now: Date): Promise<void> {
  await publish(db, { type: "process.failed", aggregateType: "process", aggregateId: pipeline, payload: { pipeline, status, error: message.slice(0, 300) } });
  const claimed = await db
    .update(pipelineState)
    .set({ lastAlertAt: now })
    .where(and(eq(pipelineState.pipeline, pipeline), or(isNull(pipelineState.lastAlertAt), lt(pipelineState.lastAlertAt, new Date(now.getTime() - ALERT_EVERY_MS)))))
    .returning({ pipeline: pipelineState.pipeline });
  if (claimed.length === 0) return;
  const admins = await db.select({ id: user.id }).from(user).where(eq(user.role, "admin"));
  await notifyMany(
    db,
    admins.map((a) => ({
      userId: a.id,
      type: "process_failed" as const,
      link: `/admin/processes?pipeline=${pipeline}`,
      data: { pipeline, status, error: message.slice(0, 300) },
      dedupeKey: `process:${pipeline}:${now.toISOString()}`,
    })),
  );
}

/** Pause or resume a pipeline's schedule. */
export async function setPaused(db: Db, pipelines: readonly Pipeline[], name: string, paused: boolean): Promise<void> {
  findPipeline(pipelines, name);
  await db.insert(pipelineState).values({ pipeline: name, paused }).onConflictDoUpdate({ target: pipelineState.pipeline, set: { paused } });
}

