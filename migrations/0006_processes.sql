CREATE TABLE "pipeline_state" (
	"pipeline" text PRIMARY KEY NOT NULL,
	"paused" boolean DEFAULT false NOT NULL,
	"lease_owner" text,
	"lease_run_id" uuid,
	"lease_expires_at" timestamp (3) with time zone,
	"last_tick_at" timestamp (3) with time zone,
	"last_alert_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "process_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pipeline" text NOT NULL,
	"trigger" text NOT NULL,
	"status" text NOT NULL,
	"attempt" integer DEFAULT 1 NOT NULL,
	"started_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp (3) with time zone,
	"duration_ms" integer,
	"instance" text NOT NULL,
	"stats" jsonb,
	"error" jsonb,
	"logs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"triggered_by" text,
	CONSTRAINT "process_runs_status_check" CHECK ("status" in ('queued','running','succeeded','failed','timed_out','skipped','abandoned'))
);
--> statement-breakpoint
ALTER TABLE "process_runs" ADD CONSTRAINT "process_runs_triggered_by_user_id_fk" FOREIGN KEY ("triggered_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "process_runs_pipeline_idx" ON "process_runs" USING btree ("pipeline","started_at");--> statement-breakpoint
CREATE INDEX "process_runs_started_idx" ON "process_runs" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "process_runs_status_idx" ON "process_runs" USING btree ("status","started_at");