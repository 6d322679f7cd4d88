ALTER TABLE "email_drafts" ADD COLUMN "auto_send_withheld" text;--> statement-breakpoint
ALTER TABLE "email_messages" ADD COLUMN "sender_auth" jsonb;--> statement-breakpoint
ALTER TABLE "email_quarantine" ADD COLUMN "reason" text;