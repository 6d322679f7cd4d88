ALTER TABLE "email_mailbox_state" ADD COLUMN "failing_uid" bigint;--> statement-breakpoint
ALTER TABLE "email_mailbox_state" ADD COLUMN "failing_attempts" integer DEFAULT 0 NOT NULL;