CREATE TABLE "email_channels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"flow" text DEFAULT 'standard' NOT NULL,
	"host" text NOT NULL,
	"port" integer NOT NULL,
	"secure" boolean DEFAULT true NOT NULL,
	"username" text NOT NULL,
	"password_env" text NOT NULL,
	"mailbox" text DEFAULT 'INBOX' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"updated_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "email_channels_name_unique" UNIQUE("name")
);
--> statement-breakpoint
ALTER TABLE "email_analytics_daily" ADD COLUMN "median_resolution_minutes" integer;--> statement-breakpoint
ALTER TABLE "email_analytics_daily" ADD COLUMN "auto_sent" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "email_analytics_daily" ADD COLUMN "ai_calls" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "email_analytics_daily" ADD COLUMN "ai_cost_usd" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "email_drafts" ADD COLUMN "auto_sent" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "email_messages" ADD COLUMN "flow" text DEFAULT 'standard' NOT NULL;--> statement-breakpoint
ALTER TABLE "email_messages" ADD COLUMN "ai_classified_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "email_messages" ADD COLUMN "ai_classify_error" text;--> statement-breakpoint
ALTER TABLE "email_threads" ADD COLUMN "resolved_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "email_channels" ADD CONSTRAINT "email_channels_updated_by_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;