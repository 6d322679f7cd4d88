import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/src/platform/db/client";
import { writeSettings } from "@/src/platform/settings/resolve";
import { actorOf, createUser, ctxFor, insertEntity } from "@/tests/support/factories";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { balanceOf, ledgerInvariants, PLATFORM, post, userAccount } from "@/src/modules/payments/ledger";
import { refundTransaction } from "@/src/modules/payments/refunds";
import { paymentTransactions } from "@/src/modules/payments/schema";
import { checkout } from "@/src/modules/payments/service";
import { cancelSubOrder } from "./cancel";
import { setCartItem } from "./cart";
import { expireReservations } from "./expiry";
import { placeOrder } from "./orders";
import { financeSummary, markPayoutPaid, runPayouts, vendorStatement } from "./payouts";
import { createProduct } from "./products";
import { storeOrders, storeProducts, storeSettlementLines } from "./schema";
import { storeAccount } from "./settlements";
import { applyToSell, decideVendor } from "./vendors";

let t: TestDb;
const creditRates = (rates: Record<string, number>) => writeSettings(t.db, [{ name: "PAYMENTS_CREDITS_RATES", value: JSON.stringify(rates) }], null);

beforeAll(async () => {
  t = await createTestDb();
  await creditRates({ EUR: 1.1, GBP: 1 });
});
afterAll(async () => t.destroy());

const DAY = 86_400_000;

async function approvedVendor(tier: "standard" | "premium" = "standard", payoutMethod: "bank" | "credits" = "bank") {
  const owner = await createUser(t.db, "member");
  const admin = await createUser(t.db, "admin");
  const entity = await insertEntity(t.db, owner.id, { verified: true, name: `Vendor ${owner.id.slice(0, 6)}` });
  const ownerCtx = ctxFor(t.db, actorOf(owner));
  const applied = await applyToSell(ownerCtx, { entityId: entity.id, payoutMethod, ...(payoutMethod === "bank" ? { accountHolder: "Test Org LLC", iban: "UA21 3223 1300 0002 6007 2335 6600 1" } : {}) });
  const vendor = await decideVendor(ctxFor(t.db, actorOf(admin)), applied.id, { decision: "approve", tier });
  return { owner, ownerCtx, admin, adminCtx: ctxFor(t.db, actorOf(admin)), vendor };
}

async function buyerWithCredits(credits: number) {
  const buyer = await createUser(t.db, "subscriber");
  await t.db.transaction((tx) => post(tx, [{ account: PLATFORM.grants, amount: -credits }, { account: userAccount(buyer.id), amount: credits }], "test credits"));
  return ctxFor(t.db, actorOf(buyer));
}

const storeBooksBalance = async () => {
  const [{ owed }] = await queryRows<{ owed: string }>(t.db, sql`select coalesce(sum(amount), 0)::text as owed from ledger_entries where account like 'vendor:%'`);
  const [{ unpaid }] = await queryRows<{ unpaid: string }>(t.db, sql`select coalesce(sum(l.net_minor), 0)::text as unpaid from store_settlement_lines l left join store_payouts p on p.id = l.payout_id where l.payout_id is null or p.status = 'pending'`);
  return { owed: Number(owed), unpaid: Number(unpaid) };
};

describe(`store (${process.env.RINGLET_TEST_DB})`, () => {
  it("only the owner of a verified organisation can apply; an admin approves with a tier", async () => {
    const owner = await createUser(t.db, "member");
    const entity = await insertEntity(t.db, owner.id);
    const ctx = ctxFor(t.db, actorOf(owner));
    await expect(applyToSell(ctx, { entityId: entity.id, payoutMethod: "credits" })).rejects.toMatchObject({ code: "conflict" });
    const stranger = ctxFor(t.db, actorOf(await createUser(t.db, "member")));
    await t.db.execute(sql`update entities set verified = true where id = ${entity.id}`);
    await expect(applyToSell(stranger, { entityId: entity.id, payoutMethod: "credits" })).rejects.toMatchObject({ code: "not_found" });
    await expect(applyToSell(ctx, { entityId: entity.id, payoutMethod: "bank" })).rejects.toThrow(/IBAN/);
    const applied = await applyToSell(ctx, { entityId: entity.id, payoutMethod: "credits" });
    expect(applied.status).toBe("applied");
    await expect(createProduct(ctx, { vendorId: applied.id, title: "Too early", priceMinor: 100, currency: "USD" })).rejects.toMatchObject({ code: "conflict" });
    await expect(decideVendor(ctx, applied.id, { decision: "approve" })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("100 concurrent checkouts for the last 10 items make exactly 10 paid orders; the books balance", async () => {
    const { ownerCtx, vendor } = await approvedVendor();
    const product = await createProduct(ownerCtx, { vendorId: vendor.id, title: "Last ten", priceMinor: 1_000, currency: "USD", stock: 10, status: "active" });
    const buyers = await Promise.all(Array.from({ length: 100 }, () => buyerWithCredits(20)));
    for (const b of buyers) await setCartItem(b, { productId: product.id, quantity: 1 });
    const placed = await Promise.allSettled(buyers.map((b) => placeOrder(b, {})));
    const orders = placed.flatMap((p) => (p.status === "fulfilled" ? [p.value] : []));
    expect(orders).toHaveLength(10);
    expect(placed.filter((p) => p.status === "rejected").every((p) => (p as PromiseRejectedResult).reason.code === "conflict")).toBe(true);
    const paid = await Promise.all(orders.map((o) => checkout(buyers[placed.findIndex((p) => p.status === "fulfilled" && p.value.id === o.id)], { purpose: "order", provider: "credits", orderId: o.id })));
    expect(paid.every((p) => p.status === "succeeded")).toBe(true);
    const [row] = await t.db.select().from(storeProducts).where(eq(storeProducts.id, product.id));
    expect(row).toMatchObject({ stock: 0, reserved: 0 });
    const paidOrders = await t.db.select().from(storeOrders).where(eq(storeOrders.status, "paid"));
    expect(paidOrders.filter((o) => orders.some((x) => x.id === o.id))).toHaveLength(10);
    const lines = await t.db.select().from(storeSettlementLines).where(eq(storeSettlementLines.vendorId, vendor.id));
    expect(lines).toHaveLength(10);
    expect(lines.every((l) => l.grossMinor === 1_000 && l.commissionMinor === 150 && l.netMinor === 850)).toBe(true);
    expect(await balanceOf(t.db, storeAccount.vendor(vendor.id, "USD"))).toBe(8_500);
    expect(await ledgerInvariants(t.db)).toEqual({ unbalancedPostings: 0, mismatchedBalances: 0 });
    const books = await storeBooksBalance();
    expect(books.owed).toBe(books.unpaid);
  });

  it("refunds, partial and full, take back the vendor's net and the commission in proportion; payouts pay the rest once", async () => {
    const { ownerCtx, adminCtx, vendor } = await approvedVendor("premium");
    const other = await approvedVendor("standard");
    const mug = await createProduct(ownerCtx, { vendorId: vendor.id, title: "Mug", priceMinor: 2_500, currency: "USD", stock: 5, status: "active" });
    const poster = await createProduct(other.ownerCtx, { vendorId: other.vendor.id, title: "Poster", priceMinor: 1_500, currency: "USD", stockTracked: false, status: "active" });
    const buyer = await buyerWithCredits(100);
    await setCartItem(buyer, { productId: mug.id, quantity: 2 });
    await setCartItem(buyer, { productId: poster.id, quantity: 1 });
    const order = await placeOrder(buyer, { idempotencyKey: "two-vendors-1" });
    expect(order.totalMinor).toBe(6_500);
    expect(order.subOrders).toHaveLength(2);
    expect((await placeOrder(buyer, { idempotencyKey: "two-vendors-1" })).id).toBe(order.id);
    const payment = await checkout(buyer, { purpose: "order", provider: "credits", orderId: order.id });
    expect(await balanceOf(t.db, userAccount(buyer.actor.userId!))).toBe(35);

    await refundTransaction(adminCtx, payment.transactionId, { amountMinor: 1_300, reason: "one mug arrived broken" });
    // 1,300 shared 5,000 : 1,500 -> 1,000 and 300; commission back 100 (premium 10 %) and 45 (standard 15 %).
    const refunds = await t.db.select().from(storeSettlementLines).where(eq(storeSettlementLines.kind, "refund"));
    const mine = refunds.filter((l) => l.vendorId === vendor.id || l.vendorId === other.vendor.id);
    expect(mine.map((l) => [l.grossMinor, l.commissionMinor, l.netMinor]).sort()).toEqual([[-1_000, -100, -900], [-300, -45, -255]].sort());
    expect(await balanceOf(t.db, userAccount(buyer.actor.userId!))).toBe(35 + 13);

    await refundTransaction(adminCtx, payment.transactionId, { reason: "the rest" });
    const [after] = await t.db.select().from(storeOrders).where(eq(storeOrders.id, order.id));
    expect(after.status).toBe("refunded");
    expect(await balanceOf(t.db, storeAccount.vendor(vendor.id, "USD"))).toBe(0);
    expect(await balanceOf(t.db, storeAccount.vendor(other.vendor.id, "USD"))).toBe(0);
    expect(await balanceOf(t.db, userAccount(buyer.actor.userId!))).toBe(100);
    expect(await ledgerInvariants(t.db)).toEqual({ unbalancedPostings: 0, mismatchedBalances: 0 });

    // A fresh sale, past its hold: one payout batch, whatever the number of runs.
    await setCartItem(buyer, { productId: mug.id, quantity: 1 });
    const second = await placeOrder(buyer, {});
    await checkout(buyer, { purpose: "order", provider: "credits", orderId: second.id });
    const later = new Date(Date.now() + 8 * DAY);
    await runPayouts(t.db, later);
    await runPayouts(t.db, later);
    const statement = await vendorStatement(ownerCtx, vendor.id);
    expect(statement.payouts).toHaveLength(1);
    expect(statement.payouts[0]).toMatchObject({ netMinor: 2_250, status: "pending", lines: 4 });
    const books = await storeBooksBalance();
    expect(books.owed).toBe(books.unpaid);
    const paidOut = await markPayoutPaid(adminCtx, statement.payouts[0].id, { reference: "SEPA 2026-12-04" });
    expect(paidOut.status).toBe("paid");
    await expect(markPayoutPaid(adminCtx, statement.payouts[0].id, { reference: "again" })).rejects.toMatchObject({ code: "conflict" });
    expect(await balanceOf(t.db, storeAccount.vendor(vendor.id, "USD"))).toBe(0);
    const settled = await storeBooksBalance();
    expect(settled.owed).toBe(settled.unpaid);
  });

  it("an unpaid order past its reservation is cancelled and its stock released; a credits vendor is paid out at once", async () => {
    const { ownerCtx, vendor, owner, adminCtx } = await approvedVendor("standard", "credits");
    const lamp = await createProduct(ownerCtx, { vendorId: vendor.id, title: "Lamp", priceMinor: 4_000, currency: "EUR", stock: 1, status: "active" });
    const buyer = await buyerWithCredits(100);
    await setCartItem(buyer, { productId: lamp.id, quantity: 1 });
    const abandoned = await placeOrder(buyer, {});
    const waiting = await buyerWithCredits(100);
    await expect(setCartItem(waiting, { productId: lamp.id, quantity: 1 })).rejects.toMatchObject({ code: "conflict" });
    expect(await expireReservations(t.db, new Date(Date.now() + 31 * 60_000))).toMatchObject({ released: 1 });
    expect((await t.db.select().from(storeProducts).where(eq(storeProducts.id, lamp.id)))[0]).toMatchObject({ stock: 1, reserved: 0 });
    await expect(checkout(buyer, { purpose: "order", provider: "credits", orderId: abandoned.id })).rejects.toMatchObject({ code: "conflict" });

    await setCartItem(waiting, { productId: lamp.id, quantity: 1 });
    const order = await placeOrder(waiting, {});
    const paid = await checkout(waiting, { purpose: "order", provider: "credits", orderId: order.id });
    const [tx] = await t.db.select().from(paymentTransactions).where(eq(paymentTransactions.id, paid.transactionId));
    expect(tx).toMatchObject({ status: "succeeded", amountMinor: 4_000, currency: "EUR" });
    expect(await balanceOf(t.db, userAccount(waiting.actor.userId!))).toBe(100 - 44);
    await runPayouts(t.db, new Date(Date.now() + 8 * DAY));
    // 34.00 EUR at 1.1 credits per euro.
    expect(await balanceOf(t.db, userAccount(owner.id))).toBe(37);
    const statement = await vendorStatement(ownerCtx, vendor.id);
    expect(statement.payouts[0]).toMatchObject({ netMinor: 3_400, status: "paid", method: "credits" });
    const finance = await financeSummary(adminCtx, {});
    expect(finance.items.find((f) => f.currency === "EUR")).toEqual({ currency: "EUR", gmvMinor: 4_000, refundsMinor: 0, commissionMinor: 600, paidOutMinor: 3_400, payableMinor: 0 });
    const yesterday = new Date(Date.now() - DAY).toISOString().slice(0, 10);
    expect((await financeSummary(adminCtx, { to: yesterday })).items.find((f) => f.currency === "EUR")).toBeUndefined();
  });

  it("a vendor cancels its paid part before delivery: exactly that part is refunded, its stock returns, the other vendor's part stands", async () => {
    const a = await approvedVendor();
    const b = await approvedVendor();
    const cup = await createProduct(a.ownerCtx, { vendorId: a.vendor.id, title: "Cup", priceMinor: 1_250, currency: "GBP", stock: 2, status: "active" });
    const saucer = await createProduct(b.ownerCtx, { vendorId: b.vendor.id, title: "Saucer", priceMinor: 800, currency: "GBP", stock: 2, status: "active" });
    const buyer = await buyerWithCredits(100);
    await setCartItem(buyer, { productId: cup.id, quantity: 2 });
    await setCartItem(buyer, { productId: saucer.id, quantity: 1 });
    const order = await placeOrder(buyer, {});
    await checkout(buyer, { purpose: "order", provider: "credits", orderId: order.id });
    expect(await balanceOf(t.db, userAccount(buyer.actor.userId!))).toBe(100 - 33);
    const cupPart = order.subOrders.find((s) => s.vendorId === a.vendor.id)!;
    await expect(cancelSubOrder(b.ownerCtx, cupPart.id, { reason: "not mine" })).rejects.toMatchObject({ code: "not_found" });
    const cancelled = await cancelSubOrder(a.ownerCtx, cupPart.id, { reason: "Out of glaze, sorry" });
    expect(cancelled).toMatchObject({ status: "cancelled", refund: { amountMinor: 2_500, status: "succeeded", subOrderId: cupPart.id } });
    await expect(cancelSubOrder(a.ownerCtx, cupPart.id, { reason: "again" })).rejects.toMatchObject({ code: "conflict" });
    expect(await balanceOf(t.db, userAccount(buyer.actor.userId!))).toBe(100 - 8);
    expect(await balanceOf(t.db, storeAccount.vendor(a.vendor.id, "GBP"))).toBe(0);
    expect(await balanceOf(t.db, storeAccount.vendor(b.vendor.id, "GBP"))).toBe(800 - 120);
    expect((await t.db.select().from(storeProducts).where(eq(storeProducts.id, cup.id)))[0]).toMatchObject({ stock: 2, reserved: 0 });
    expect((await t.db.select().from(storeOrders).where(eq(storeOrders.id, order.id)))[0].status).toBe("paid");
    expect(await ledgerInvariants(t.db)).toEqual({ unbalancedPostings: 0, mismatchedBalances: 0 });
    const books = await storeBooksBalance();
    expect(books.owed).toBe(books.unpaid);
  });

  it("a credit payout in a currency without a credits rate waits for an admin instead of paying credits 1:1", async () => {
    const { ownerCtx, vendor, owner } = await approvedVendor("standard", "credits");
    const kettle = await createProduct(ownerCtx, { vendorId: vendor.id, title: "Kettle", priceMinor: 50_000, currency: "UAH", stock: 1, status: "active" });
    const buyer = await buyerWithCredits(100);
    await setCartItem(buyer, { productId: kettle.id, quantity: 1 });
    const order = await placeOrder(buyer, {});
    await creditRates({ EUR: 1.1, GBP: 1, UAH: 0.024 });
    await checkout(buyer, { purpose: "order", provider: "credits", orderId: order.id });
    await creditRates({ EUR: 1.1, GBP: 1 });
    await runPayouts(t.db, new Date(Date.now() + 8 * DAY));
    expect(await balanceOf(t.db, userAccount(owner.id))).toBe(0);
    expect((await vendorStatement(ownerCtx, vendor.id)).payouts[0]).toMatchObject({ currency: "UAH", status: "pending" });
  });
});
