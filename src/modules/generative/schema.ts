import { sql } from "drizzle-orm";
import { boolean, check, doublePrecision, index, integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { user } from "@/src/platform/auth/schema";
import { timestamptz } from "@/src/platform/db/columns";
import { files } from "@/src/platform/storage/schema";

export const GENERATION_KINDS = ["image", "video", "text"] as const;
export type GenerationKind = (typeof GENERATION_KINDS)[number];

/**
 * The cost ledger and the quota's count: one row per request, written (as `reserved`) before the
 * provider is asked, so two requests at once cannot both slip under a quota; `released` when the
 * provider failed (not counted), `used` with its cost when it answered.
 */
export const generativeUsage = pgTable(
  "generative_usage",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id").references(() => user.id, { onDelete: "set null" }),
    kind: text("kind").$type<GenerationKind>().notNull(),
    units: integer("units").notNull(),
    status: text("status").$type<"reserved" | "used" | "released">().notNull().default("reserved"),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    purpose: text("purpose").notNull(),
    costUsd: doublePrecision("cost_usd"),
    inputTokens: integer("input_tokens"),
    outputTokens: integer("output_tokens"),
    /** How long the provider took to answer (or fail). */
    latencyMs: integer("latency_ms"),
    error: text("error"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    settledAt: timestamptz("settled_at"),
  },
  (t) => [index("generative_usage_user_day_idx").on(t.userId, t.createdAt), index("generative_usage_day_idx").on(t.createdAt)],
);

/** Every image or video a conductor produced, stored through the storage port. */
export const generatedMedia = pgTable(
  "generated_media",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    usageId: uuid("usage_id")
      .notNull()
      .references(() => generativeUsage.id, { onDelete: "cascade" }),
    userId: text("user_id").references(() => user.id, { onDelete: "set null" }),
    kind: text("kind").$type<"image" | "video">().notNull(),
    fileId: uuid("file_id")
      .notNull()
      .references(() => files.id, { onDelete: "cascade" }),
    prompt: text("prompt").notNull(),
    revisedPrompt: text("revised_prompt"),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    costUsd: doublePrecision("cost_usd"),
    size: integer("size").notNull(),
    contentType: text("content_type").notNull(),
    /** The provider said its output breaks its content policy, or an admin flagged it. */
    moderationFlag: boolean("moderation_flag").notNull().default(false),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [index("generated_media_user_idx").on(t.userId, t.createdAt)],
);

export const JOB_STATUSES = ["pending", "running", "done", "failed", "expired", "cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const FINISHED_JOB_STATUSES: readonly JobStatus[] = ["done", "failed", "expired", "cancelled"];

/** A long generation (a video): started at the provider, then polled by the `generative-jobs` pipeline until it ends. */
export const generativeJobs = pgTable(
  "generative_jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    usageId: uuid("usage_id")
      .notNull()
      .references(() => generativeUsage.id, { onDelete: "cascade" }),
    userId: text("user_id").references(() => user.id, { onDelete: "set null" }),
    kind: text("kind").$type<"video">().notNull(),
    status: text("status").$type<JobStatus>().notNull().default("pending"),
    prompt: text("prompt").notNull(),
    params: jsonb("params").$type<Record<string, unknown>>().notNull().default({}),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    providerJobId: text("provider_job_id"),
    progress: integer("progress").notNull().default(0),
    polls: integer("polls").notNull().default(0),
    /** A worker holds the job until then; another takes it over only after a crash let it lapse. */
    leaseUntil: timestamptz("lease_until"),
    error: text("error"),
    mediaId: uuid("media_id").references(() => generatedMedia.id, { onDelete: "set null" }),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
    finishedAt: timestamptz("finished_at"),
  },
  (t) => [
    index("generative_jobs_open_idx").on(t.status, t.updatedAt).where(sql`status in ('pending', 'running')`),
    index("generative_jobs_user_idx").on(t.userId, t.createdAt),
    check("generative_jobs_progress_range", sql`progress between 0 and 100`),
  ],
);
