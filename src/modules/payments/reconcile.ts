import { and, asc, eq, inArray, lt, ne } from "drizzle-orm";
import type { Db } from "@/src/platform/db/client";
import { logger } from "@/src/platform/log/logger";
import { getSetting } from "@/src/platform/settings/resolve";
import { paymentProvider, type ProviderLookup } from "./providers";
import type { ProviderState } from "./providers/port";
import { retryOpenRefunds } from "./refunds";
import { paymentTransactions } from "./schema";
import { applyProviderEvent, type WebhookOutcome } from "./service";
import { moveTransaction, type Transaction } from "./settle";
import type { Provider } from "./states";

const BATCH = 200;

/**
 * The payments-reconcile pipeline: a payment still open after PAYMENTS_RECONCILE_AFTER_MINUTES is
 * looked up at its provider and settled the way a webhook would have settled it (through the same
 * exactly-once path, so a webhook arriving later is a duplicate fact); one older than
 * PAYMENTS_PENDING_EXPIRY_HOURS is expired at the provider and cancelled. Refunds left open are
 * asked about again. A provider that cannot be reached fails the run, after the rest are done.
 */
export async function reconcilePayments(db: Db, now: Date, providerOf: ProviderLookup = paymentProvider) {
  const afterMs = (await getSetting<number>(db, "PAYMENTS_RECONCILE_AFTER_MINUTES")) * 60_000;
  const expiryMs = (await getSetting<number>(db, "PAYMENTS_PENDING_EXPIRY_HOURS")) * 3_600_000;
  const stale = await db
    .select()
    .from(paymentTransactions)
    .where(and(inArray(paymentTransactions.status, ["created", "pending"]), ne(paymentTransactions.provider, "credits"), lt(paymentTransactions.createdAt, new Date(now.getTime() - afterMs))))
    .orderBy(asc(paymentTransactions.createdAt))
    .limit(BATCH);
  const tally: Record<WebhookOutcome | "unchanged" | "errors", number> = { applied: 0, duplicate: 0, ignored: 0, flagged: 0, unchanged: 0, errors: 0 };
  let firstError: string | null = null;
  for (const t of stale) {
    try {
      tally[await checkAtProvider(db, t, now, now.getTime() - t.createdAt.getTime() > expiryMs, providerOf)]++;
    } catch (err) {
      tally.errors++;
      firstError ??= `${t.id}: ${(err as Error).message}`;
      logger().warn({ err, transactionId: t.id }, "reconciliation could not check a payment");
    }
  }
  const refunds = await retryOpenRefunds(db, now, providerOf);
  const summary = { checked: stale.length, ...tally, refundsRetried: refunds.retried, refundsCompleted: refunds.completed };
  if (tally.errors > 0) throw new Error(`${tally.errors} of ${stale.length} payments could not be checked (first: ${firstError}); ${JSON.stringify(summary)}`);
  return summary;
}

/**
 * Settles one open payment the way its provider sees it, through the webhook's exactly-once path.
 * With `giveUp`, a payment still open is expired at the provider and cancelled here, so money
 * arriving later is flagged for a person rather than applied.
 */
export async function checkAtProvider(db: Db, t: Transaction, now: Date, giveUp: boolean, providerOf: ProviderLookup = paymentProvider): Promise<WebhookOutcome | "unchanged"> {
  if (t.status === "created" || !t.providerRef) {
    // It never reached the provider, so nobody can pay it.
    return db.transaction(async (tx) => {
      const [locked] = await tx.select().from(paymentTransactions).where(eq(paymentTransactions.id, t.id)).for("update");
      if (locked.status !== "created") return "ignored";
      await moveTransaction(tx, locked, "cancelled", now, "never reached the provider");
      return "applied";
    });
  }
  const adapter = providerOf(t.provider as Provider);
  if (!adapter) return "unchanged";
  let state: ProviderState = await adapter.fetchStatus(t);
  if (state.status === "pending" && giveUp) {
    await adapter.expire(t).catch((err: unknown) => logger().info({ err, transactionId: t.id }, "could not expire at the provider; asking again"));
    state = await adapter.fetchStatus(t);
    if (state.status === "pending") state = { ...state, status: "cancelled", detail: `${state.detail}; expired by reconciliation` };
  }
  if (state.status === "pending") return "unchanged";
  return applyProviderEvent(db, t.provider as Provider, { eventId: `reconcile:${t.id}:${state.status}`, type: "reconcile", transactionId: t.id, providerRef: t.providerRef, status: state.status, amountMinor: state.amountMinor, currency: state.currency, payload: { detail: state.detail } }, now);
}
