import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamptz } from "@/src/platform/db/columns";
import { user } from "@/src/platform/auth/schema";

/** One payment attempt: purpose, provider, amount in minor units, status along `states.ts`. */
export const paymentTransactions = pgTable(
  "payment_transactions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    purpose: text("purpose").notNull(),
    provider: text("provider").notNull(),
    amountMinor: bigint("amount_minor", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    status: text("status").notNull().default("created"),
    providerRef: text("provider_ref"),
    idempotencyKey: text("idempotency_key"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    history: jsonb("history").$type<{ status: string; at: string; note?: string }[]>().notNull().default([]),
    flagged: text("flagged"),
    refundedMinor: bigint("refunded_minor", { mode: "number" }).notNull().default(0),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("payment_transactions_user_idx").on(t.userId, t.createdAt),
    index("payment_transactions_status_idx").on(t.status, t.createdAt),
    uniqueIndex("payment_transactions_ref_idx").on(t.provider, t.providerRef),
    uniqueIndex("payment_transactions_idem_idx").on(t.userId, t.idempotencyKey),
  ],
);

/**
 * A refund asked of the provider: recorded as `requested` before the provider call (its id is the
 * provider idempotency key), `succeeded` when the money moved back and the effect was reversed.
 */
export const paymentRefunds = pgTable(
  "payment_refunds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    transactionId: uuid("transaction_id")
      .notNull()
      .references(() => paymentTransactions.id, { onDelete: "cascade" }),
    amountMinor: bigint("amount_minor", { mode: "number" }).notNull(),
    reason: text("reason").notNull(),
    status: text("status").notNull().default("requested"),
    providerRef: text("provider_ref"),
    error: text("error"),
    attempts: integer("attempts").notNull().default(0),
    /** A store refund of one vendor's sub-order; otherwise the refund is shared over the order. */
    subOrderId: uuid("sub_order_id"),
    actorId: text("actor_id"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [index("payment_refunds_transaction_idx").on(t.transactionId), index("payment_refunds_status_idx").on(t.status, t.createdAt)],
);

/** Every verified webhook delivery; the unique provider event id makes a duplicate a no-op. */
export const paymentEvents = pgTable(
  "payment_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    provider: text("provider").notNull(),
    eventId: text("event_id").notNull(),
    type: text("type").notNull(),
    transactionId: uuid("transaction_id").references(() => paymentTransactions.id, { onDelete: "set null" }),
    outcome: text("outcome").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    receivedAt: timestamptz("received_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("payment_events_provider_event_idx").on(t.provider, t.eventId)],
);

/** Credit balances per account (`user:<id>`, `platform:*`); user balances never go negative. */
export const creditAccounts = pgTable(
  "credit_accounts",
  {
    account: text("account").primaryKey(),
    balance: bigint("balance", { mode: "number" }).notNull().default(0),
  },
  (t) => [check("credit_accounts_user_nonnegative", sql`${t.account} not like 'user:%' or ${t.balance} >= 0`)],
);

/** The double-entry ledger: the entries of one posting sum to zero. */
export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    postingId: uuid("posting_id").notNull(),
    account: text("account").notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    reason: text("reason").notNull(),
    transactionId: uuid("transaction_id").references(() => paymentTransactions.id, { onDelete: "set null" }),
    actorId: text("actor_id"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [index("ledger_entries_account_idx").on(t.account, t.createdAt), index("ledger_entries_posting_idx").on(t.postingId)],
);

/** Paid membership: the member role until `validUntil`. */
export const memberships = pgTable("memberships", {
  userId: text("user_id")
    .primaryKey()
    .references(() => user.id, { onDelete: "cascade" }),
  validUntil: timestamptz("valid_until").notNull(),
  lastTransactionId: uuid("last_transaction_id"),
  periods: integer("periods").notNull().default(0),
});
