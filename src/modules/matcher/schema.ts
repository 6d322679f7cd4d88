import { timestamptz } from "@/src/platform/db/columns";
import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, primaryKey, real, text, uuid } from "drizzle-orm/pg-core";
import { user } from "@/src/platform/auth/schema";
import { opportunities } from "@/src/modules/opportunities/schema";

export type Breakdown = { category: number; skills: number; text: number; location: number; language: number; activity: number };

/** One run of the matcher for one listing: what it considered, how long it took, what it decided. */
export const matchRuns = pgTable(
  "match_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    opportunityId: uuid("opportunity_id")
      .notNull()
      .references(() => opportunities.id, { onDelete: "cascade" }),
    trigger: text("trigger").notNull(),
    provider: text("provider").notNull(),
    candidates: integer("candidates").notNull(),
    matched: integer("matched").notNull(),
    notified: integer("notified").notNull().default(0),
    bestScore: integer("best_score"),
    durationMs: integer("duration_ms").notNull(),
    autoApproval: text("auto_approval"),
    /** LLM rerank: null (local run), pending, running, done or failed (local scores kept). */
    llmStatus: text("llm_status"),
    llmClaimedAt: timestamptz("llm_claimed_at"),
    llmModel: text("llm_model"),
    llmMs: integer("llm_ms"),
    llmInputTokens: integer("llm_input_tokens"),
    llmOutputTokens: integer("llm_output_tokens"),
    llmCostUsd: real("llm_cost_usd"),
    llmError: text("llm_error"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("match_runs_opportunity_idx").on(t.opportunityId, t.createdAt),
    index("match_runs_created_idx").on(t.createdAt),
    index("match_runs_llm_pending_idx").on(t.createdAt).where(sql`${t.llmStatus} in ('pending', 'running')`),
  ],
);

/** The latest score of each member for each listing, and when (if ever) they were told. */
export const opportunityMatches = pgTable(
  "opportunity_matches",
  {
    opportunityId: uuid("opportunity_id")
      .notNull()
      .references(() => opportunities.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    score: integer("score").notNull(),
    breakdown: jsonb("breakdown").$type<Breakdown>().notNull(),
    explanation: text("explanation").notNull(),
    llmConfidence: real("llm_confidence"),
    /** The LLM's own score (0-100) and reason when it reranked this match; `score` then blends both. */
    llmScore: integer("llm_score"),
    llmReason: text("llm_reason"),
    notifiedAt: timestamptz("notified_at"),
    runId: uuid("run_id").notNull(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.opportunityId, t.userId] }), index("opportunity_matches_score_idx").on(t.opportunityId, t.score)],
);
