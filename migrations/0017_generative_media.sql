CREATE TABLE "generated_media" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"usage_id" uuid NOT NULL,
	"user_id" text,
	"kind" text NOT NULL,
	"file_id" uuid NOT NULL,
	"prompt" text NOT NULL,
	"revised_prompt" text,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"cost_usd" double precision,
	"size" integer NOT NULL,
	"content_type" text NOT NULL,
	"moderation_flag" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "generative_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"usage_id" uuid NOT NULL,
	"user_id" text,
	"kind" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"prompt" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"provider_job_id" text,
	"progress" integer DEFAULT 0 NOT NULL,
	"polls" integer DEFAULT 0 NOT NULL,
	"lease_until" timestamp (3) with time zone,
	"error" text,
	"media_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp (3) with time zone,
	CONSTRAINT "generative_jobs_progress_range" CHECK (progress between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "generative_usage" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text,
	"kind" text NOT NULL,
	"units" integer NOT NULL,
	"status" text DEFAULT 'reserved' NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"purpose" text NOT NULL,
	"cost_usd" double precision,
	"input_tokens" integer,
	"output_tokens" integer,
	"error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "generated_media" ADD CONSTRAINT "generated_media_usage_id_generative_usage_id_fk" FOREIGN KEY ("usage_id") REFERENCES "public"."generative_usage"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generated_media" ADD CONSTRAINT "generated_media_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generated_media" ADD CONSTRAINT "generated_media_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generative_jobs" ADD CONSTRAINT "generative_jobs_usage_id_generative_usage_id_fk" FOREIGN KEY ("usage_id") REFERENCES "public"."generative_usage"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generative_jobs" ADD CONSTRAINT "generative_jobs_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generative_jobs" ADD CONSTRAINT "generative_jobs_media_id_generated_media_id_fk" FOREIGN KEY ("media_id") REFERENCES "public"."generated_media"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generative_usage" ADD CONSTRAINT "generative_usage_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "generated_media_user_idx" ON "generated_media" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "generative_jobs_open_idx" ON "generative_jobs" USING btree ("status","updated_at") WHERE status in ('pending', 'running');--> statement-breakpoint
CREATE INDEX "generative_jobs_user_idx" ON "generative_jobs" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "generative_usage_user_day_idx" ON "generative_usage" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "generative_usage_day_idx" ON "generative_usage" USING btree ("created_at");