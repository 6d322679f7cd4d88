ALTER TABLE "match_runs" ADD COLUMN "llm_status" text;--> statement-breakpoint
ALTER TABLE "match_runs" ADD COLUMN "llm_claimed_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "match_runs" ADD COLUMN "llm_model" text;--> statement-breakpoint
ALTER TABLE "match_runs" ADD COLUMN "llm_ms" integer;--> statement-breakpoint
ALTER TABLE "match_runs" ADD COLUMN "llm_input_tokens" integer;--> statement-breakpoint
ALTER TABLE "match_runs" ADD COLUMN "llm_output_tokens" integer;--> statement-breakpoint
ALTER TABLE "match_runs" ADD COLUMN "llm_cost_usd" real;--> statement-breakpoint
ALTER TABLE "match_runs" ADD COLUMN "llm_error" text;--> statement-breakpoint
ALTER TABLE "opportunity_matches" ADD COLUMN "llm_score" integer;--> statement-breakpoint
ALTER TABLE "opportunity_matches" ADD COLUMN "llm_reason" text;--> statement-breakpoint
CREATE INDEX "match_runs_llm_pending_idx" ON "match_runs" USING btree ("created_at") WHERE "match_runs"."llm_status" in ('pending', 'running');