import { sql } from "drizzle-orm";
import { bigint, boolean, doublePrecision, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { user } from "@/src/platform/auth/schema";
import { timestamptz } from "@/src/platform/db/columns";
import type { SenderAuthentication } from "./authentication-results";

/** A sender address with its history; linked to a member account when the address matches one. */
export const emailContacts = pgTable("email_contacts", {
  id: uuid("id").primaryKey().defaultRandom(),
  email: text("email").notNull().unique(),
  name: text("name"),
  company: text("company"),
  userId: text("user_id").references(() => user.id, { onDelete: "set null" }),
  messages: integer("messages").notNull().default(0),
  firstSeenAt: timestamptz("first_seen_at").notNull().defaultNow(),
  lastSeenAt: timestamptz("last_seen_at").notNull().defaultNow(),
});

export type Flow = "standard" | "tasks_only" | "ingest_only";
export const FLOWS = ["standard", "tasks_only", "ingest_only"] as const satisfies readonly Flow[];

export interface Classification {
  intent: string;
  sentiment: "positive" | "neutral" | "negative";
  urgency: "low" | "normal" | "high" | "critical";
  language: string;
  reasons: string[];
  /** Who classified: the local rules at ingest, or the text model afterwards (with its confidence, 0-1). */
  source?: "rules" | "model";
  model?: string;
  confidence?: number;
}

/** A conversation: found by In-Reply-To / References, or by the marker in the subject of our replies. */
export const emailThreads = pgTable(
  "email_threads",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    channel: text("channel").notNull(),
    subject: text("subject").notNull(),
    contactId: uuid("contact_id").references(() => emailContacts.id, { onDelete: "set null" }),
    status: text("status").notNull().default("open"),
    intent: text("intent"),
    urgency: text("urgency"),
    sentiment: text("sentiment"),
    riskLevel: text("risk_level").notNull().default("low"),
    escalatedAt: timestamptz("escalated_at"),
    /** When the last reply went out or a person closed it: resolution time is measured to here. */
    resolvedAt: timestamptz("resolved_at"),
    lastMessageAt: timestamptz("last_message_at").notNull().defaultNow(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [index("email_threads_list_idx").on(t.status, t.lastMessageAt)],
);

/** One message, in or out; (channel, message id) is the exactly-once key (a content hash when the sender gave no Message-ID). */
export const emailMessages = pgTable(
  "email_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    threadId: uuid("thread_id")
      .notNull()
      .references(() => emailThreads.id, { onDelete: "cascade" }),
    channel: text("channel").notNull(),
    flow: text("flow").$type<Flow>().notNull().default("standard"),
    direction: text("direction").notNull(),
    messageId: text("message_id").notNull(),
    mailbox: text("mailbox"),
    uidValidity: bigint("uid_validity", { mode: "number" }),
    uid: bigint("uid", { mode: "number" }),
    fromAddress: text("from_address").notNull(),
    fromName: text("from_name"),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html"),
    sentAt: timestamptz("sent_at"),
    inReplyTo: text("in_reply_to"),
    references: text("references").array().notNull().default(sql`'{}'::text[]`),
    automated: boolean("automated").notNull().default(false),
    riskLevel: text("risk_level").notNull().default("low"),
    riskFindings: jsonb("risk_findings").$type<{ rule: string; category: string; excerpt: string }[]>().notNull().default([]),
    classification: jsonb("classification").$type<Classification>(),
    /** The receiving server's Authentication-Results verdict, read at ingest (null: mail stored before it was read, or outbound). */
    senderAuth: jsonb("sender_auth").$type<SenderAuthentication>(),
    /** When the text model took this message up (once); its failure leaves the rules' classification. */
    aiClassifiedAt: timestamptz("ai_classified_at"),
    aiClassifyError: text("ai_classify_error"),
    receivedAt: timestamptz("received_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("email_messages_key_idx").on(t.channel, t.messageId), index("email_messages_thread_idx").on(t.threadId, t.receivedAt)],
);

/** A reply drafted for a person to approve; only an approved or edited draft is ever sent. */
export const emailDrafts = pgTable(
  "email_drafts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    threadId: uuid("thread_id")
      .notNull()
      .references(() => emailThreads.id, { onDelete: "cascade" }),
    replyToId: uuid("reply_to_id")
      .notNull()
      .references(() => emailMessages.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    status: text("status").notNull().default("pending"),
    /** A person changed the text (an edit is also their approval). */
    edited: boolean("edited").notNull().default(false),
    source: text("source").notNull(),
    problems: jsonb("problems").$type<string[]>().notNull().default([]),
    /** When the AI drafter took this draft up (once); its failure, if any, stays with the template. */
    aiAttemptedAt: timestamptz("ai_attempted_at"),
    aiError: text("ai_error"),
    decidedBy: text("decided_by"),
    /** Sent without a person: the auto-send rule (whitelisted intent, confident model, clean checks) approved it. */
    autoSent: boolean("auto_sent").notNull().default(false),
    /** Why the auto-send rule, which otherwise allowed it, left this draft for a person (`sender_unverified`). */
    autoSendWithheld: text("auto_send_withheld"),
    decidedAt: timestamptz("decided_at"),
    sentAt: timestamptz("sent_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [index("email_drafts_thread_idx").on(t.threadId, t.createdAt)],
);

/** One day of the inbox in numbers, written by the email-analytics pipeline (re-running a day rewrites it). */
export const emailAnalyticsDaily = pgTable("email_analytics_daily", {
  day: text("day").primaryKey(),
  received: integer("received").notNull(),
  sent: integer("sent").notNull(),
  held: integer("held").notNull(),
  escalated: integer("escalated").notNull(),
  intents: jsonb("intents").$type<Record<string, number>>().notNull(),
  sentiments: jsonb("sentiments").$type<Record<string, number>>().notNull(),
  draftsCreated: integer("drafts_created").notNull(),
  draftsApproved: integer("drafts_approved").notNull(),
  draftsEdited: integer("drafts_edited").notNull(),
  draftsRejected: integer("drafts_rejected").notNull(),
  medianFirstResponseMinutes: integer("median_first_response_minutes"),
  medianResolutionMinutes: integer("median_resolution_minutes"),
  autoSent: integer("auto_sent").notNull().default(0),
  aiCalls: integer("ai_calls").notNull().default(0),
  aiCostUsd: doublePrecision("ai_cost_usd").notNull().default(0),
  computedAt: timestamptz("computed_at").notNull().defaultNow(),
});

/** Where the IMAP poller is in each mailbox: a UIDVALIDITY change means the UIDs were renumbered. */
export const emailMailboxState = pgTable(
  "email_mailbox_state",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    channel: text("channel").notNull(),
    mailbox: text("mailbox").notNull(),
    uidValidity: bigint("uid_validity", { mode: "number" }),
    lastUid: bigint("last_uid", { mode: "number" }).notNull().default(0),
    resets: integer("resets").notNull().default(0),
    lastPolledAt: timestamptz("last_polled_at"),
    lastError: text("last_error"),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    /** A readable message whose ingest keeps failing: the poll stops at it and retries, up to a limit, before quarantining it. */
    failingUid: bigint("failing_uid", { mode: "number" }),
    failingAttempts: integer("failing_attempts").notNull().default(0),
  },
  (t) => [uniqueIndex("email_mailbox_state_channel_mailbox").on(t.channel, t.mailbox)],
);

/** Over EMAIL_MAX_MESSAGE_BYTES, unreadable (no sender, unparseable), or readable but never stored after every attempt. */
export const QUARANTINE_REASONS = ["too_large", "unreadable", "not_stored"] as const;
export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];

/** A message the poller could not take in: kept (whole, or the start of an oversized one) for a person, never retried blindly. */
export const emailQuarantine = pgTable(
  "email_quarantine",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    channel: text("channel").notNull(),
    mailbox: text("mailbox").notNull(),
    uidValidity: bigint("uid_validity", { mode: "number" }).notNull(),
    uid: bigint("uid", { mode: "number" }).notNull(),
    error: text("error").notNull(),
    /** What kind of failure, for the page to say in the reader's language (null: quarantined before kinds were kept). */
    reason: text("reason").$type<QuarantineReason>(),
    size: integer("size").notNull(),
    raw: text("raw").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("email_quarantine_message").on(t.channel, t.mailbox, t.uidValidity, t.uid)],
);

/** What the AI drafter may say about the ring: short answers admins keep up to date. */
export const emailKnowledge = pgTable("email_knowledge", {
  id: uuid("id").primaryKey().defaultRandom(),
  title: text("title").notNull(),
  body: text("body").notNull(),
  updatedBy: text("updated_by").references(() => user.id, { onDelete: "set null" }),
  updatedAt: timestamptz("updated_at").notNull().defaultNow(),
});

/** A mailbox the poller reads, kept by admins; its password stays in the environment variable it names. */
export const emailChannels = pgTable("email_channels", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  flow: text("flow").$type<Flow>().notNull().default("standard"),
  host: text("host").notNull(),
  port: integer("port").notNull(),
  secure: boolean("secure").notNull().default(true),
  username: text("username").notNull(),
  passwordEnv: text("password_env").notNull(),
  mailbox: text("mailbox").notNull().default("INBOX"),
  /** Replies to this channel's mail go out from this address, through the SMTP whose smtp:// URL this variable holds (the ring's otherwise). */
  replyFrom: text("reply_from"),
  smtpUrlEnv: text("smtp_url_env"),
  enabled: boolean("enabled").notNull().default(true),
  updatedBy: text("updated_by").references(() => user.id, { onDelete: "set null" }),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
  updatedAt: timestamptz("updated_at").notNull().defaultNow(),
});
