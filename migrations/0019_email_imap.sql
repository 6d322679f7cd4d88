CREATE TABLE "email_mailbox_state" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel" text NOT NULL,
	"mailbox" text NOT NULL,
	"uid_validity" bigint,
	"last_uid" bigint DEFAULT 0 NOT NULL,
	"resets" integer DEFAULT 0 NOT NULL,
	"last_polled_at" timestamp (3) with time zone,
	"last_error" text,
	"consecutive_failures" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_quarantine" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel" text NOT NULL,
	"mailbox" text NOT NULL,
	"uid_validity" bigint NOT NULL,
	"uid" bigint NOT NULL,
	"error" text NOT NULL,
	"size" integer NOT NULL,
	"raw" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "email_mailbox_state_channel_mailbox" ON "email_mailbox_state" USING btree ("channel","mailbox");--> statement-breakpoint
CREATE UNIQUE INDEX "email_quarantine_message" ON "email_quarantine" USING btree ("channel","mailbox","uid_validity","uid");