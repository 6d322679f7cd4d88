CREATE TABLE "match_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"opportunity_id" uuid NOT NULL,
	"trigger" text NOT NULL,
	"provider" text NOT NULL,
	"candidates" integer NOT NULL,
	"matched" integer NOT NULL,
	"notified" integer DEFAULT 0 NOT NULL,
	"best_score" integer,
	"duration_ms" integer NOT NULL,
	"auto_approval" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opportunity_matches" (
	"opportunity_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"score" integer NOT NULL,
	"breakdown" jsonb NOT NULL,
	"explanation" text NOT NULL,
	"llm_confidence" real,
	"notified_at" timestamp (3) with time zone,
	"run_id" uuid NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "opportunity_matches_opportunity_id_user_id_pk" PRIMARY KEY("opportunity_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "member_profiles" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple', coalesce("member_profiles"."headline", '')), 'A') || setweight(to_tsvector('simple', ringlet_text_array("member_profiles"."skills")), 'B') || setweight(to_tsvector('simple', coalesce("member_profiles"."bio", '')), 'C')) STORED;--> statement-breakpoint
ALTER TABLE "match_runs" ADD CONSTRAINT "match_runs_opportunity_id_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."opportunities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunity_matches" ADD CONSTRAINT "opportunity_matches_opportunity_id_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."opportunities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunity_matches" ADD CONSTRAINT "opportunity_matches_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "match_runs_opportunity_idx" ON "match_runs" USING btree ("opportunity_id","created_at");--> statement-breakpoint
CREATE INDEX "match_runs_created_idx" ON "match_runs" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "opportunity_matches_score_idx" ON "opportunity_matches" USING btree ("opportunity_id","score");--> statement-breakpoint
CREATE INDEX "member_profiles_search_idx" ON "member_profiles" USING gin ("search");