ALTER TABLE "outbox_emails" ADD COLUMN "from_address" text;--> statement-breakpoint
ALTER TABLE "outbox_emails" ADD COLUMN "smtp_url_env" text;--> statement-breakpoint
ALTER TABLE "email_channels" ADD COLUMN "reply_from" text;--> statement-breakpoint
ALTER TABLE "email_channels" ADD COLUMN "smtp_url_env" text;