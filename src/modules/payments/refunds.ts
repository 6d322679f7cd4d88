import { and, desc, eq, lt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "@/src/platform/context";
import type { Db } from "@/src/platform/db/client";
import { DomainError, notFound } from "@/src/platform/http/errors";
import { logger } from "@/src/platform/log/logger";
import { audit } from "@/src/modules/audit/service";
import { paymentProvider, type ProviderLookup } from "./providers";
import type { RefundResult } from "./providers/port";
import { paymentRefunds, paymentTransactions } from "./schema";
import { applyRefund } from "./settle";
import type { Provider } from "./states";

type Refund = typeof paymentRefunds.$inferSelect;

export const RefundInput = z.object({
  amountMinor: z.number().int().min(1).max(1_000_000_00).optional(),
  reason: z.string().trim().min(3).max(500),
});

export function toRefundDto(r: Refund) {
  return { id: r.id, transactionId: r.transactionId, amountMinor: r.amountMinor, reason: r.reason, subOrderId: r.subOrderId, status: r.status, providerRef: r.providerRef, error: r.error, attempts: r.attempts, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}

/**
 * Admin refund, full (no amount) or partial. The refund is recorded before the provider is asked
 * (its id is the provider's idempotency key), the provider is asked outside any database
 * transaction, and the effect is reversed once the provider says the money moved. A refund the
 * provider still processes stays `requested`; the payments-reconcile pipeline follows it up.
 */
export async function refundTransaction(ctx: Ctx, transactionId: string, raw: z.input<typeof RefundInput>) {
  if (ctx.actor.role !== "admin") throw new DomainError("forbidden", "Admins only");
  if (!z.uuid().safeParse(transactionId).success) throw notFound("Transaction");
  return requestRefund(ctx, transactionId, RefundInput.parse(raw));
}

/**
 * Records a refund and asks the provider; the caller checked who may. `subOrderId` keeps a store
 * refund on one vendor's part of the order (at most what is left of it).
 */
export async function requestRefund(ctx: Ctx, transactionId: string, input: z.output<typeof RefundInput> & { subOrderId?: string; maxMinor?: number }) {
  const now = ctx.now();
  const refund = await ctx.db.transaction(async (tx) => {
    const [t] = await tx.select().from(paymentTransactions).where(eq(paymentTransactions.id, transactionId)).for("update");
    if (!t) throw notFound("Transaction");
    if (t.status !== "succeeded" && t.status !== "partially_refunded") throw new DomainError("conflict", `A ${t.status} payment cannot be refunded; only a paid one can`);
    const [{ open }] = await tx
      .select({ open: sql<string>`coalesce(sum(${paymentRefunds.amountMinor}), 0)` })
      .from(paymentRefunds)
      .where(and(eq(paymentRefunds.transactionId, t.id), eq(paymentRefunds.status, "requested")));
    const refundable = Math.min(t.amountMinor - t.refundedMinor - Number(open), input.maxMinor ?? Number.MAX_SAFE_INTEGER);
    if (refundable <= 0) throw new DomainError("conflict", "Everything paid is already refunded or being refunded");
    const amountMinor = input.amountMinor ?? refundable;
    if (amountMinor > refundable) throw new DomainError("validation_failed", `At most ${refundable} can be refunded`, { amountMinor: `At most ${refundable} (minor units)` });
    const [row] = await tx.insert(paymentRefunds).values({ transactionId: t.id, amountMinor, reason: input.reason, subOrderId: input.subOrderId ?? null, actorId: ctx.actor.userId, createdAt: now, updatedAt: now }).returning();
    await audit(tx, { actorId: ctx.actor.userId, action: "payment.refund_requested", targetType: "payment", targetId: t.id, data: { refundId: row.id, amountMinor, reason: input.reason, subOrderId: input.subOrderId ?? null } });
    return row;
  });
  const done = await attemptRefund(ctx.db, refund.id, now);
  if (done.status === "failed") throw new DomainError("provider_error", `The provider refused the refund: ${done.error ?? "no reason given"}. Nothing was changed.`);
  return toRefundDto(done);
}

/** Asks the provider for a `requested` refund (again, with the same idempotency key) and records its answer. */
export async function attemptRefund(db: Db, refundId: string, now: Date, providerOf: ProviderLookup = paymentProvider): Promise<Refund> {
  const [r] = await db.select().from(paymentRefunds).where(eq(paymentRefunds.id, refundId));
  const [t] = await db.select().from(paymentTransactions).where(eq(paymentTransactions.id, r.transactionId));
  if (r.status !== "requested") return r;
  let result: RefundResult;
  if (t.provider === "credits") result = { status: "succeeded", providerRef: null, detail: "credits returned" };
  else {
    const adapter = providerOf(t.provider as Provider);
    if (!adapter) throw new DomainError("not_configured", `${t.provider} is not configured, so it cannot refund`);
    await db.update(paymentRefunds).set({ attempts: r.attempts + 1, updatedAt: now }).where(eq(paymentRefunds.id, r.id));
    try {
      result = await adapter.refund(t, { refundId: r.id, amountMinor: r.amountMinor, reason: r.reason, previousRef: r.providerRef });
    } catch (err) {
      // A refusal (a 4xx from the provider) is final; a network failure is retried by reconciliation.
      const refused = err instanceof DomainError ? err.code === "conflict" : typeof (err as { statusCode?: number }).statusCode === "number" && (err as { statusCode: number }).statusCode < 500;
      logger().warn({ err, refundId: r.id }, refused ? "provider refused a refund" : "refund not confirmed; will retry");
      const [after] = await db.update(paymentRefunds).set({ status: refused ? "failed" : "requested", error: (err as Error).message, updatedAt: now }).where(eq(paymentRefunds.id, r.id)).returning();
      return after;
    }
  }
  if (result.status === "failed") {
    const [after] = await db.update(paymentRefunds).set({ status: "failed", providerRef: result.providerRef, error: result.detail, updatedAt: now }).where(eq(paymentRefunds.id, r.id)).returning();
    return after;
  }
  if (result.status === "pending") {
    const [after] = await db.update(paymentRefunds).set({ providerRef: result.providerRef, error: null, updatedAt: now }).where(eq(paymentRefunds.id, r.id)).returning();
    return after;
  }
  return completeRefund(db, r.id, result.providerRef, now);
}

/** The provider moved the money: reverse the effect and mark the refund done, once. */
async function completeRefund(db: Db, refundId: string, providerRef: string | null, now: Date): Promise<Refund> {
  return db.transaction(async (tx) => {
    const [r] = await tx.select().from(paymentRefunds).where(eq(paymentRefunds.id, refundId)).for("update");
    if (r.status !== "requested") return r;
    const [t] = await tx.select().from(paymentTransactions).where(eq(paymentTransactions.id, r.transactionId)).for("update");
    // A refund notice from the provider's webhook may have recorded the money back already.
    if (t.status !== "refunded") await applyRefund(tx, t, r.amountMinor, now, `refund ${r.amountMinor}: ${r.reason}`, r.subOrderId);
    const [done] = await tx.update(paymentRefunds).set({ status: "succeeded", providerRef, error: null, updatedAt: now }).where(eq(paymentRefunds.id, r.id)).returning();
    await audit(tx, { actorId: r.actorId, action: "payment.refunded", targetType: "payment", targetId: t.id, data: { refundId: r.id, amountMinor: r.amountMinor } });
    return done;
  });
}

/** Refunds left `requested` (a crash, a timeout, a provider still processing) are asked about again. */
export async function retryOpenRefunds(db: Db, now: Date, providerOf: ProviderLookup = paymentProvider, olderThanMs = 60_000) {
  const open = await db.select({ id: paymentRefunds.id }).from(paymentRefunds).where(and(eq(paymentRefunds.status, "requested"), lt(paymentRefunds.updatedAt, new Date(now.getTime() - olderThanMs)))).limit(100);
  let completed = 0;
  for (const { id } of open) if ((await attemptRefund(db, id, now, providerOf)).status === "succeeded") completed++;
  return { retried: open.length, completed };
}

export async function refundsOf(db: Db, transactionId: string) {
  return (await db.select().from(paymentRefunds).where(eq(paymentRefunds.transactionId, transactionId)).orderBy(desc(paymentRefunds.createdAt))).map(toRefundDto);
}
