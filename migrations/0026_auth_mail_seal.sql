ALTER TABLE "outbox_emails" ADD COLUMN "sealed_link" text;--> statement-breakpoint
ALTER TABLE "outbox_emails" ADD COLUMN "link_expires_at" timestamp (3) with time zone;--> statement-breakpoint
CREATE INDEX "outbox_emails_kind_idx" ON "outbox_emails" USING btree ("kind","created_at");