CREATE TABLE "email_knowledge" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"updated_by" text,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "email_drafts" ADD COLUMN "ai_attempted_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "email_drafts" ADD COLUMN "ai_error" text;--> statement-breakpoint
ALTER TABLE "email_knowledge" ADD CONSTRAINT "email_knowledge_updated_by_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;