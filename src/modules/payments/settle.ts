import { eq } from "drizzle-orm";
import { user } from "@/src/platform/auth/schema";
import { hasRole, type Role } from "@/src/platform/auth/roles";
import type { Db } from "@/src/platform/db/client";
import { publish } from "@/src/platform/events/publish";
import { getSetting } from "@/src/platform/settings/resolve";
import { audit } from "@/src/modules/audit/service";
import { notify } from "@/src/modules/notifications/service";
import { orderPaid, orderRefunded } from "@/src/modules/store/orders";
import { rateOfTransaction } from "./credit-rates";
import { endMemberRole } from "./expiry";
import { balanceOf, PLATFORM, post, userAccount } from "./ledger";
import { memberships, paymentTransactions } from "./schema";
import { creditsCost, creditsFor, type PaymentStatus } from "./states";
import { toMajor } from "./money";

export type Transaction = typeof paymentTransactions.$inferSelect;

export const withHistory = (t: Transaction, status: PaymentStatus, now: Date, note?: string) => [...t.history, { status, at: now.toISOString(), ...(note ? { note } : {}) }];

/** Moves a transaction (the caller checked the move) and announces it, in the caller's transaction. */
export async function moveTransaction(tx: Db, t: Transaction, to: PaymentStatus, now: Date, note?: string, set: Partial<Transaction> = {}): Promise<Transaction> {
  const [updated] = await tx.update(paymentTransactions).set({ ...set, status: to, history: withHistory(t, to, now, note), updatedAt: now }).where(eq(paymentTransactions.id, t.id)).returning();
  await publish(tx, { type: "payment.status_changed", aggregateType: "payment", aggregateId: t.id, actorId: null, payload: { userId: t.userId, from: t.status, to, purpose: t.purpose } });
  return updated;
}

/** Moves a transaction and, when it succeeded, applies the purpose's effect. */
export async function settle(tx: Db, t: Transaction, to: PaymentStatus, now: Date, note?: string): Promise<Transaction> {
  const updated = await moveTransaction(tx, t, to, now, note);
  if (to === "succeeded") await fulfil(tx, updated, now);
  return updated;
}

/** The purpose's effect of a successful payment: credits, a membership period with the member role, or a paid order. */
async function fulfil(tx: Db, t: Transaction, now: Date) {
  if (t.purpose === "order") await orderPaid(tx, t.id, now);
  if (t.purpose === "credits") {
    const credits = creditsFor(t.amountMinor, rateOfTransaction(t.metadata));
    await post(tx, [{ account: PLATFORM.sales, amount: -credits }, { account: userAccount(t.userId), amount: credits }], `Top-up via ${t.provider}`, { transactionId: t.id });
  }
  if (t.purpose === "membership") {
    const days = await getSetting<number>(tx, "PAYMENTS_MEMBERSHIP_DAYS");
    const [current] = await tx.select().from(memberships).where(eq(memberships.userId, t.userId)).for("update");
    const from = current && current.validUntil > now ? current.validUntil : now;
    const validUntil = new Date(from.getTime() + days * 86_400_000);
    await tx
      .insert(memberships)
      .values({ userId: t.userId, validUntil, lastTransactionId: t.id, periods: 1 })
      .onConflictDoUpdate({ target: memberships.userId, set: { validUntil, lastTransactionId: t.id, periods: (current?.periods ?? 0) + 1 } });
    const [u] = await tx.select({ role: user.role }).from(user).where(eq(user.id, t.userId)).for("update");
    if (u && !hasRole(u.role as Role, "member")) {
      await tx.update(user).set({ role: "member" }).where(eq(user.id, t.userId));
      await audit(tx, { actorId: null, action: "user.role_changed", targetType: "user", targetId: t.userId, data: { from: u.role, to: "member", reason: "paid membership" } });
      await publish(tx, { type: "user.role_changed", aggregateType: "user", aggregateId: t.userId, actorId: null, payload: { from: u.role, to: "member", reason: "membership" } });
    }
  }
}

/**
 * Undoes the effect of `amountMinor` refunded: a payment made with credits gives the credits back;
 * bought credits still on the account are taken back (never below zero); a full refund of a
 * membership takes its period off (ending it now when nothing else paid for the time left). A
 * partial refund of a membership is a goodwill gesture and keeps it.
 */
export async function reverse(tx: Db, t: Transaction, amountMinor: number, full: boolean, now: Date, subOrderId: string | null = null) {
  // Cumulative rounding: the refunds of one payment together return exactly what it moved.
  const after = t.refundedMinor + amountMinor;
  const rate = rateOfTransaction(t.metadata);
  const spentBack = creditsCost(after, rate) - creditsCost(t.refundedMinor, rate);
  if (t.provider === "credits" && spentBack > 0) {
    await post(tx, [{ account: PLATFORM.spent, amount: -spentBack }, { account: userAccount(t.userId), amount: spentBack }], "Refund to credits", { transactionId: t.id });
  }
  if (t.purpose === "credits") {
    const back = Math.min(creditsFor(after, rate) - creditsFor(t.refundedMinor, rate), await balanceOf(tx, userAccount(t.userId)));
    if (back > 0) await post(tx, [{ account: userAccount(t.userId), amount: -back }, { account: PLATFORM.sales, amount: back }], "Refund", { transactionId: t.id });
  }
  if (t.purpose === "order") await orderRefunded(tx, t.id, amountMinor, now, subOrderId);
  if (t.purpose === "membership" && full) {
    const [m] = await tx.select().from(memberships).where(eq(memberships.userId, t.userId)).for("update");
    if (!m) return;
    const days = await getSetting<number>(tx, "PAYMENTS_MEMBERSHIP_DAYS");
    const shortened = new Date(m.validUntil.getTime() - days * 86_400_000);
    const validUntil = shortened > now ? shortened : now;
    await tx.update(memberships).set({ validUntil }).where(eq(memberships.userId, t.userId));
    if (validUntil <= now) await endMemberRole(tx, t.userId, "membership refunded");
  }
}

/**
 * Records `amountMinor` of the transaction as refunded, reverses that much of its effect and tells
 * the payer; in the caller's transaction, with the transaction row locked by the caller.
 */
export async function applyRefund(tx: Db, t: Transaction, amountMinor: number, now: Date, note: string, subOrderId: string | null = null): Promise<Transaction> {
  const refunded = Math.min(t.amountMinor, t.refundedMinor + amountMinor);
  const full = refunded >= t.amountMinor;
  await reverse(tx, t, refunded - t.refundedMinor, full, now, subOrderId);
  const updated = await moveTransaction(tx, t, full ? "refunded" : "partially_refunded", now, note, { refundedMinor: refunded });
  await notify(tx, {
    userId: t.userId,
    type: "payment_refunded",
    link: `/payments/return?transaction=${t.id}`,
    data: { amount: toMajor(refunded - t.refundedMinor), currency: t.currency, purpose: t.purpose, full },
    dedupeKey: `payment-refunded:${t.id}:${refunded}`,
  });
  return updated;
}
