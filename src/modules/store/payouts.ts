import { and, desc, eq, gte, inArray, isNull, lt, lte, sql } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "@/src/platform/context";
import type { Db } from "@/src/platform/db/client";
import { assertUuid, DomainError, notFound } from "@/src/platform/http/errors";
import { logger } from "@/src/platform/log/logger";
import { getSetting } from "@/src/platform/settings/resolve";
import { audit } from "@/src/modules/audit/service";
import { entities } from "@/src/modules/entities/schema";
import { PLATFORM, post, userAccount } from "@/src/modules/payments/ledger";
import { toMajor } from "@/src/modules/payments/money";
import { creditTerms } from "@/src/modules/payments/credit-rates";
import { creditsFor } from "@/src/modules/payments/states";
import { notify } from "@/src/modules/notifications/service";
import { storePayouts, storeSettlementLines, storeVendors } from "./schema";
import { storeAccount } from "./settlements";
import { managedVendor } from "./vendors";

type Payout = typeof storePayouts.$inferSelect;

export function toPayoutDto(p: Payout) {
  return { id: p.id, vendorId: p.vendorId, currency: p.currency, netMinor: p.netMinor, lines: p.lines, status: p.status, method: p.method, reference: p.reference, paidAt: p.paidAt?.toISOString() ?? null, createdAt: p.createdAt.toISOString() };
}

/**
 * Pays a payout batch: the vendor's balance moves out; to its owner's credits (converted at the
 * configured rate; the caller checked there is one), or as a bank transfer recorded by an admin.
 */
async function settlePayout(tx: Db, payout: Payout, method: "bank" | "credits", reference: string | null, actorId: string | null, now: Date, creditRate = 1) {
  await post(tx, [{ account: storeAccount.vendor(payout.vendorId, payout.currency), amount: -payout.netMinor }, { account: storeAccount.payouts(payout.currency), amount: payout.netMinor }], `Payout ${payout.id}`, { actorId });
  const [owner] = await tx.select({ ownerId: entities.ownerId }).from(storeVendors).innerJoin(entities, eq(entities.id, storeVendors.entityId)).where(eq(storeVendors.id, payout.vendorId));
  const credits = creditsFor(payout.netMinor, creditRate);
  if (method === "credits" && credits > 0) {
    await post(tx, [{ account: PLATFORM.grants, amount: -credits }, { account: userAccount(owner.ownerId), amount: credits }], `Store payout ${payout.id}`, { actorId });
  }
  const [paid] = await tx.update(storePayouts).set({ status: "paid", method, reference, paidBy: actorId, paidAt: now }).where(eq(storePayouts.id, payout.id)).returning();
  await notify(tx, { userId: owner.ownerId, type: "store_payout", link: "/store/sell", data: { amount: toMajor(payout.netMinor), currency: payout.currency, method, reference: reference ?? "" }, dedupeKey: `store-payout:${payout.id}` });
  return paid;
}

/**
 * The settlement-payouts pipeline: for each vendor and currency, the settlement lines past their
 * hold and not yet in a batch are claimed into one payout (at most one per STORE_PAYOUT_PERIOD_DAYS),
 * under the vendor's row lock, so running it twice pays once. A negative total (refunds after a
 * payout) waits for later sales. Vendors paid in credits are paid at once, converted at the credits'
 * rate for the payout's currency; without a rate the payout waits, like a bank payout, for an admin
 * to record a transfer (never credits at a made-up rate).
 */
export async function runPayouts(db: Db, now: Date) {
  const periodDays = await getSetting<number>(db, "STORE_PAYOUT_PERIOD_DAYS");
  const terms = await creditTerms(db);
  const candidates = await db
    .selectDistinct({ vendorId: storeSettlementLines.vendorId, currency: storeSettlementLines.currency })
    .from(storeSettlementLines)
    .where(and(isNull(storeSettlementLines.payoutId), lte(storeSettlementLines.dueAt, now)));
  let batches = 0;
  let paidToCredits = 0;
  for (const c of candidates) {
    await db.transaction(async (tx) => {
      const [vendor] = await tx.select().from(storeVendors).where(eq(storeVendors.id, c.vendorId)).for("update");
      const [recent] = await tx
        .select({ id: storePayouts.id })
        .from(storePayouts)
        .where(and(eq(storePayouts.vendorId, c.vendorId), eq(storePayouts.currency, c.currency), gte(storePayouts.createdAt, new Date(now.getTime() - periodDays * 86_400_000 + 60_000))));
      if (recent) return;
      const lines = await tx
        .select({ id: storeSettlementLines.id, net: storeSettlementLines.netMinor })
        .from(storeSettlementLines)
        .where(and(eq(storeSettlementLines.vendorId, c.vendorId), eq(storeSettlementLines.currency, c.currency), isNull(storeSettlementLines.payoutId), lte(storeSettlementLines.dueAt, now)))
        .for("update");
      const net = lines.reduce((s, l) => s + l.net, 0);
      if (lines.length === 0 || net <= 0) return;
      const [payout] = await tx.insert(storePayouts).values({ vendorId: c.vendorId, currency: c.currency, netMinor: net, lines: lines.length, createdAt: now }).returning();
      await tx.update(storeSettlementLines).set({ payoutId: payout.id }).where(inArray(storeSettlementLines.id, lines.map((l) => l.id)));
      batches++;
      if (vendor.payoutMethod !== "credits") return;
      const rate = c.currency === terms.currency ? 1 : terms.rates[c.currency];
      if (rate === undefined) {
        logger().warn({ payoutId: payout.id, currency: c.currency, creditsCurrency: terms.currency }, "credit payout waits: no credits rate for its currency");
        return;
      }
      await settlePayout(tx, payout, "credits", null, null, now, rate);
      paidToCredits++;
    });
  }
  return { batches, paidToCredits };
}

export const MarkPaidInput = z.object({ reference: z.string().trim().min(3).max(200) });

/** Admin records the bank transfer of a pending payout (once). */
export async function markPayoutPaid(ctx: Ctx, payoutId: string, raw: z.input<typeof MarkPaidInput>) {
  if (ctx.actor.role !== "admin") throw new DomainError("forbidden", "Admins only");
  assertUuid(payoutId, "Payout");
  const input = MarkPaidInput.parse(raw);
  return ctx.db.transaction(async (tx) => {
    const [payout] = await tx.select().from(storePayouts).where(eq(storePayouts.id, payoutId)).for("update");
    if (!payout) throw notFound("Payout");
    if (payout.status !== "pending") throw new DomainError("conflict", "This payout is already paid");
    const paid = await settlePayout(tx, payout, "bank", input.reference, ctx.actor.userId, ctx.now());
    await audit(tx, { actorId: ctx.actor.userId, action: "store.payout_paid", targetType: "store_vendor", targetId: payout.vendorId, data: { payoutId, netMinor: payout.netMinor, currency: payout.currency, reference: input.reference } });
    return toPayoutDto(paid);
  });
}

/** A vendor's statement: its payouts and settlement lines (all, or one payout's). */
export async function vendorStatement(ctx: Ctx, vendorId: string, payoutId?: string) {
  await managedVendor(ctx.db, ctx, vendorId);
  if (payoutId && !z.uuid().safeParse(payoutId).success) throw notFound("Payout");
  const payouts = await ctx.db.select().from(storePayouts).where(eq(storePayouts.vendorId, vendorId)).orderBy(desc(storePayouts.createdAt)).limit(100);
  const lines = await ctx.db
    .select()
    .from(storeSettlementLines)
    .where(and(eq(storeSettlementLines.vendorId, vendorId), payoutId ? eq(storeSettlementLines.payoutId, payoutId) : undefined))
    .orderBy(desc(storeSettlementLines.createdAt))
    .limit(1000);
  const unpaid: Record<string, number> = {};
  for (const l of lines) if (!l.payoutId) unpaid[l.currency] = (unpaid[l.currency] ?? 0) + l.netMinor;
  return {
    payouts: payouts.map(toPayoutDto),
    unpaidNetMinor: unpaid,
    lines: lines.map((l) => ({ id: l.id, subOrderId: l.subOrderId, kind: l.kind, grossMinor: l.grossMinor, commissionMinor: l.commissionMinor, netMinor: l.netMinor, currency: l.currency, dueAt: l.dueAt.toISOString(), payoutId: l.payoutId, createdAt: l.createdAt.toISOString() })),
  };
}

export async function pendingPayouts(ctx: Ctx) {
  if (ctx.actor.role !== "admin") throw new DomainError("forbidden", "Admins only");
  const rows = await ctx.db
    .select({ payout: storePayouts, entityName: entities.name, payoutDetails: storeVendors.payoutDetails })
    .from(storePayouts)
    .innerJoin(storeVendors, eq(storeVendors.id, storePayouts.vendorId))
    .innerJoin(entities, eq(entities.id, storeVendors.entityId))
    .where(eq(storePayouts.status, "pending"))
    .orderBy(storePayouts.createdAt);
  return { items: rows.map((r) => ({ ...toPayoutDto(r.payout), vendorName: r.entityName, payoutDetails: r.payoutDetails })) };
}

export const FinanceInput = z.object({ from: z.iso.date().optional(), to: z.iso.date().optional() });

/** Admin finance per currency for a period: GMV, commission, refunds, paid out; and what is owed now. */
export async function financeSummary(ctx: Ctx, raw: z.input<typeof FinanceInput>) {
  if (ctx.actor.role !== "admin") throw new DomainError("forbidden", "Admins only");
  const input = FinanceInput.parse(raw);
  const from = input.from ? new Date(`${input.from}T00:00:00Z`) : null;
  const to = input.to ? new Date(new Date(`${input.to}T00:00:00Z`).getTime() + 86_400_000) : null;
  const within = (column: typeof storeSettlementLines.createdAt | typeof storePayouts.paidAt) => and(from ? gte(column, from) : undefined, to ? lt(column, to) : undefined);
  const period = await ctx.db
    .select({
      currency: storeSettlementLines.currency,
      gmv: sql<string>`coalesce(sum(${storeSettlementLines.grossMinor}) filter (where ${storeSettlementLines.kind} = 'sale'), 0)`,
      refunds: sql<string>`coalesce(-sum(${storeSettlementLines.grossMinor}) filter (where ${storeSettlementLines.kind} = 'refund'), 0)`,
      commission: sql<string>`coalesce(sum(${storeSettlementLines.commissionMinor}), 0)`,
    })
    .from(storeSettlementLines)
    .where(within(storeSettlementLines.createdAt))
    .groupBy(storeSettlementLines.currency);
  const paid = await ctx.db
    .select({ currency: storePayouts.currency, total: sql<string>`sum(${storePayouts.netMinor})` })
    .from(storePayouts)
    .where(and(eq(storePayouts.status, "paid"), within(storePayouts.paidAt)))
    .groupBy(storePayouts.currency);
  const payable = await ctx.db
    .select({ currency: storeSettlementLines.currency, total: sql<string>`sum(${storeSettlementLines.netMinor})` })
    .from(storeSettlementLines)
    .leftJoin(storePayouts, eq(storePayouts.id, storeSettlementLines.payoutId))
    .where(sql`${storeSettlementLines.payoutId} is null or ${storePayouts.status} = 'pending'`)
    .groupBy(storeSettlementLines.currency);
  const currencies = [...new Set([...period, ...paid, ...payable].map((r) => r.currency))].sort();
  return {
    items: currencies.map((currency) => {
      const p = period.find((r) => r.currency === currency);
      return {
        currency,
        gmvMinor: Number(p?.gmv ?? 0),
        refundsMinor: Number(p?.refunds ?? 0),
        commissionMinor: Number(p?.commission ?? 0),
        paidOutMinor: Number(paid.find((r) => r.currency === currency)?.total ?? 0),
        payableMinor: Number(payable.find((r) => r.currency === currency)?.total ?? 0),
      };
    }),
  };
}
