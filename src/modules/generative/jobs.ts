import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { env, type Env } from "@/src/platform/config/env";
import type { Ctx } from "@/src/platform/context";
import { queryRows, type Db } from "@/src/platform/db/client";
import { assertUuid, conflict, DomainError, notFound } from "@/src/platform/http/errors";
import type { Logger } from "@/src/platform/log/logger";
import { processSlot } from "@/src/platform/process-slot";
import { resolveSettings } from "@/src/platform/settings/resolve";
import { sniffContentType } from "@/src/platform/storage/sniff";
import { fileUrl, readUpload, saveFile } from "@/src/platform/storage/service";
import { notify } from "@/src/modules/notifications/service";
import { callerOf, providerFailure, ASPECT_RATIOS } from "./conductors";
import { download, modelIdFor, pollVideo, providerFor, startVideo, type VideoPoll } from "./providers";
import { FINISHED_JOB_STATUSES, generatedMedia, generativeJobs, type JobStatus } from "./schema";
import { releaseUsage, reserve, settleUsage } from "./usage";

const LEASE_MS = 2 * 60_000;
/** A video the provider has not finished in this time is given up as expired. */
export const JOB_EXPIRY_MS = 60 * 60_000;
const OPEN: JobStatus[] = ["pending", "running"];
type Job = typeof generativeJobs.$inferSelect;

const jobKick = processSlot<() => void>("generativeJobKick");
export const setGenerativeJobKick = jobKick.set;

export const VideoInput = z.object({
  prompt: z.string().trim().min(3).max(2000),
  imageUrl: z
    .string()
    .refine((u) => /^\/api\/v1\/files\/[0-9a-f-]{36}$/.test(u) || /^https:\/\//.test(u), "an image stored here (/api/v1/files/…) or an https:// URL")
    .optional(),
  duration: z.number().int().min(1).max(15).default(6),
  aspectRatio: z.enum(ASPECT_RATIOS).default("16:9"),
});

/** A stored image goes to the provider inline (a data URI): it cannot reach this server. */
async function providerImageUrl(ctx: Ctx, url: string | undefined): Promise<string | undefined> {
  const id = url && /^\/api\/v1\/files\/([0-9a-f-]{36})$/.exec(url)?.[1];
  if (!id) return url;
  const file = await readUpload(ctx, id).catch(() => null);
  if (!file || !file.contentType.startsWith("image/")) throw new DomainError("validation_failed", "That image does not exist or is not yours", { imageUrl: "Unknown image" });
  return `data:${file.contentType};base64,${file.bytes.toString("base64")}`;
}

/** VideoConductor.start: the job is recorded first, then started at the provider; the worker follows it to the end. */
export async function startVideoJob(ctx: Ctx, raw: z.input<typeof VideoInput>, e: Env = env()) {
  const caller = callerOf(ctx, e);
  const input = VideoInput.parse(raw);
  const imageUrl = await providerImageUrl(ctx, input.imageUrl);
  const settings = await resolveSettings(ctx.db);
  const choice = providerFor("video", settings);
  const model = modelIdFor("video", choice, e);
  const usageId = await reserve(ctx.db, { userId: caller.userId, kind: "video", units: 1, purpose: "member", provider: choice.provider, model, exempt: caller.exempt }, settings, caller.now);
  // Leased to this request while it starts the job at the provider, so the worker does not start it too.
  const [job] = await ctx.db
    .insert(generativeJobs)
    .values({ usageId, userId: caller.userId, kind: "video", prompt: input.prompt, params: { imageUrl, duration: input.duration, aspectRatio: input.aspectRatio }, provider: choice.provider, model, createdAt: caller.now, updatedAt: caller.now, leaseUntil: new Date(caller.now.getTime() + LEASE_MS) })
    .returning();
  const advanced = await advanceJob(ctx.db, job, caller.now, ctx.log, e);
  jobKick.get()?.();
  return publicJob(advanced ?? job);
}

function publicJob(job: Job, media?: { url: string } | null) {
  return { jobId: job.id, status: job.status, progress: job.progress, prompt: job.prompt, error: job.error, url: media?.url ?? null, createdAt: job.createdAt, finishedAt: job.finishedAt };
}

async function mediaUrl(db: Db, mediaId: string | null) {
  if (!mediaId) return null;
  const [m] = await db.select({ fileId: generatedMedia.fileId }).from(generatedMedia).where(eq(generatedMedia.id, mediaId));
  return m ? { url: fileUrl(m.fileId) } : null;
}

/** VideoConductor.poll for a person: their own job (admins: any), or 404. */
export async function getVideoJob(ctx: Ctx, jobId: string) {
  const job = await ownJob(ctx, jobId);
  return publicJob(job, await mediaUrl(ctx.db, job.mediaId));
}

async function ownJob(ctx: Ctx, jobId: string): Promise<Job> {
  assertUuid(jobId, "Job");
  const [job] = await ctx.db.select().from(generativeJobs).where(eq(generativeJobs.id, jobId));
  if (!job || ctx.actor.kind !== "user" || (ctx.actor.role !== "admin" && job.userId !== ctx.actor.userId)) throw notFound("Job");
  return job;
}

export async function listVideoJobs(ctx: Ctx) {
  const caller = callerOf(ctx);
  const rows = await ctx.db.select().from(generativeJobs).where(eq(generativeJobs.userId, caller.userId!)).orderBy(desc(generativeJobs.createdAt)).limit(50);
  return Promise.all(rows.map(async (j) => publicJob(j, await mediaUrl(ctx.db, j.mediaId))));
}

/** Cancelling wins over whatever the worker learns afterwards; a finished job cannot be cancelled. */
export async function cancelVideoJob(ctx: Ctx, jobId: string) {
  const job = await ownJob(ctx, jobId);
  const now = ctx.now();
  const [cancelled] = await ctx.db
    .update(generativeJobs)
    .set({ status: "cancelled", finishedAt: now, updatedAt: now, leaseUntil: null })
    .where(and(eq(generativeJobs.id, job.id), inArray(generativeJobs.status, OPEN)))
    .returning();
  if (!cancelled) throw conflict(`The job is already ${job.status}`);
  await releaseUsage(ctx.db, job.usageId, "cancelled", now);
  return publicJob(cancelled);
}

/** Takes up to `limit` open jobs whose lease lapsed, under a new lease (several workers never share one). */
async function claimJobs(db: Db, now: Date, limit: number): Promise<Job[]> {
  const ids = await queryRows<{ id: string }>(
    db,
    sql`update generative_jobs set lease_until = ${new Date(now.getTime() + LEASE_MS)}
        where id in (
          select id from generative_jobs
          where status in ('pending', 'running') and (lease_until is null or lease_until < ${now})
          order by updated_at limit ${limit} for update skip locked
        ) returning id`,
  );
  if (ids.length === 0) return [];
  return db.select().from(generativeJobs).where(inArray(generativeJobs.id, ids.map((r) => r.id)));
}

/** Writes the job's new state unless it was cancelled meanwhile; answers the row as written. */
async function writeJob(db: Db, job: Job, set: Partial<Job>, now: Date): Promise<Job | null> {
  const [row] = await db
    .update(generativeJobs)
    .set({ ...set, updatedAt: now, leaseUntil: null })
    .where(and(eq(generativeJobs.id, job.id), inArray(generativeJobs.status, OPEN)))
    .returning();
  return row ?? null;
}

async function finish(db: Db, job: Job, status: "failed" | "expired", error: string, now: Date) {
  const row = await writeJob(db, job, { status, error: error.slice(0, 1000), finishedAt: now }, now);
  if (!row) return null;
  await releaseUsage(db, job.usageId, error, now);
  if (job.userId) await notify(db, { userId: job.userId, type: "generation_finished", link: "/media", data: { outcome: status, prompt: job.prompt.slice(0, 80) }, dedupeKey: `generation:${job.id}` });
  return row;
}

async function complete(db: Db, job: Job, done: Extract<VideoPoll, { status: "done" }>, now: Date, log: Logger, e: Env) {
  if (done.moderated) return finish(db, job, "failed", "The provider blocked the video under its content policy", now);
  let bytes: Buffer;
  try {
    bytes = await download(done.url, e);
  } catch (error) {
    return finish(db, job, "failed", providerFailure(error).message, now);
  }
  const contentType = sniffContentType(bytes);
  if (contentType !== "video/mp4") return finish(db, job, "failed", "The provider's file is not an MP4 video", now);
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(generativeJobs).where(eq(generativeJobs.id, job.id)).for("update");
    if (!current || FINISHED_JOB_STATUSES.includes(current.status)) return current ?? null;
    const file = await saveFile(tx, job.userId!, "generated", bytes, contentType, "video.mp4");
    const [media] = await tx
      .insert(generatedMedia)
      .values({ usageId: job.usageId, userId: job.userId, kind: "video", fileId: file.id, prompt: job.prompt, provider: job.provider, model: job.model, costUsd: done.costUsd, size: bytes.length, contentType })
      .returning({ id: generatedMedia.id });
    await settleUsage(tx, job.usageId, { model: job.model, costUsd: done.costUsd }, now);
    const row = await writeJob(tx, job, { status: "done", progress: 100, mediaId: media.id, finishedAt: now, error: null }, now);
    if (job.userId) await notify(tx, { userId: job.userId, type: "generation_finished", link: "/media", data: { outcome: "done", prompt: job.prompt.slice(0, 80) }, dedupeKey: `generation:${job.id}` });
    log.info({ jobId: job.id, bytes: bytes.length }, "video stored");
    return row;
  });
}

/** One step of a job: start it at the provider, or look at it once and record what it says. */
export async function advanceJob(db: Db, job: Job, now: Date, log: Logger, e: Env = env()): Promise<Job | null> {
  if (now.getTime() - job.createdAt.getTime() > JOB_EXPIRY_MS) return finish(db, job, "expired", "The provider did not finish in time", now);
  let choice;
  try {
    choice = providerFor("video", await resolveSettings(db));
  } catch (error) {
    return finish(db, job, "failed", providerFailure(error).message, now);
  }
  const params = job.params as { imageUrl?: string; duration: number; aspectRatio: string };
  if (!job.providerJobId) {
    try {
      const providerJobId = await startVideo(choice, { prompt: job.prompt, imageUrl: params.imageUrl, duration: params.duration, aspectRatio: params.aspectRatio }, e);
      return writeJob(db, job, { status: "running", providerJobId }, now);
    } catch (error) {
      return finish(db, job, "failed", providerFailure(error).message, now);
    }
  }
  let answer: VideoPoll;
  try {
    answer = await pollVideo(choice, job.providerJobId, params.duration, e);
  } catch (error) {
    // A provider hiccup is not the job's end: the next pass looks again, until the job expires.
    log.warn({ err: error, jobId: job.id }, "video poll failed");
    return writeJob(db, job, { polls: job.polls + 1 }, now);
  }
  if (answer.status === "pending") return writeJob(db, job, { progress: answer.progress, polls: job.polls + 1 }, now);
  if (answer.status === "done") return complete(db, job, answer, now, log, e);
  return finish(db, job, answer.status, answer.error, now);
}

/** The `generative-jobs` pipeline and the in-process worker: every open job advanced one step. */
export async function advanceJobs(db: Db, now: Date, log: Logger, e: Env = env(), limit = 25) {
  const jobs = await claimJobs(db, now, limit);
  const outcomes: Record<string, number> = {};
  for (const job of jobs) {
    const row = await advanceJob(db, job, now, log, e);
    const status = row?.status ?? "cancelled";
    outcomes[status] = (outcomes[status] ?? 0) + 1;
  }
  return { advanced: jobs.length, ...outcomes };
}
