CREATE TABLE "email_analytics_daily" (
	"day" text PRIMARY KEY NOT NULL,
	"received" integer NOT NULL,
	"sent" integer NOT NULL,
	"held" integer NOT NULL,
	"escalated" integer NOT NULL,
	"intents" jsonb NOT NULL,
	"sentiments" jsonb NOT NULL,
	"drafts_created" integer NOT NULL,
	"drafts_approved" integer NOT NULL,
	"drafts_edited" integer NOT NULL,
	"drafts_rejected" integer NOT NULL,
	"median_first_response_minutes" integer,
	"computed_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "email_drafts" ADD COLUMN "edited" boolean DEFAULT false NOT NULL;