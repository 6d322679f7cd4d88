import { timestamptz } from "@/src/platform/db/columns";
import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";

/** Threading headers of a reply (RFC 5322): our Message-ID, and what it answers. */
export interface ThreadHeaders {
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
}

export const MAIL_STATUSES = ["pending", "sent", "failed", "held"] as const;

/** Every outgoing email. `held` means no SMTP is configured: it waits here for an admin to read. */
export const outboxEmails = pgTable(
  "outbox_emails",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html"),
    kind: text("kind").notNull(),
    threading: jsonb("threading").$type<ThreadHeaders>(),
    /** A mail channel's own sender and SMTP (the variable holding its smtp:// URL); the ring's MAIL_FROM and SMTP otherwise. */
    fromAddress: text("from_address"),
    smtpUrlEnv: text("smtp_url_env"),
    /** A login link sealed with a key only the sender derives (./seal.ts); the body holds a placeholder. Cleared once sent. */
    sealedLink: text("sealed_link"),
    /** When the sealed link stops working: an unsent mail is dropped after it. */
    linkExpiresAt: timestamptz("link_expires_at"),
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    nextAttemptAt: timestamptz("next_attempt_at").notNull().defaultNow(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    sentAt: timestamptz("sent_at"),
  },
  (t) => [
    check("outbox_emails_status_check", sql`${t.status} in ('pending','sent','failed','held')`),
    index("outbox_emails_due_idx").on(t.status, t.nextAttemptAt),
    index("outbox_emails_created_idx").on(t.createdAt),
    index("outbox_emails_kind_idx").on(t.kind, t.createdAt),
  ],
);
