import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { user } from "@/src/platform/auth/schema";
import { createUser } from "@/tests/support/factories";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { balanceOf, ledgerInvariants, PLATFORM, post, userAccount } from "./ledger";
import type { ParsedEvent } from "./providers/port";
import { memberships, paymentTransactions } from "./schema";
import { notifications } from "@/src/modules/notifications/schema";
import { expireMemberships } from "./expiry";
import { applyProviderEvent } from "./service";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.destroy());

async function pendingTransaction(userId: string, purpose: "credits" | "membership", amountMinor = 2500) {
  const [row] = await t.db.insert(paymentTransactions).values({ userId, purpose, provider: "stripe", amountMinor, currency: "USD", status: "pending", providerRef: `cs_${crypto.randomUUID()}` }).returning();
  return row;
}

const paid = (tx: { id: string; providerRef: string | null; amountMinor: number }, eventId = `evt_${crypto.randomUUID()}`, overrides: Partial<ParsedEvent> = {}): ParsedEvent => ({
  eventId,
  type: "checkout.session.completed",
  transactionId: tx.id,
  providerRef: tx.providerRef,
  status: "succeeded",
  amountMinor: tx.amountMinor,
  currency: "USD",
  payload: {},
  ...overrides,
});

describe(`payments (${process.env.RINGLET_TEST_DB})`, () => {
  it("100 concurrent deliveries of one event apply it once", async () => {
    const buyer = await createUser(t.db, "subscriber");
    const tx = await pendingTransaction(buyer.id, "credits");
    const event = paid(tx);
    const outcomes = await Promise.all(Array.from({ length: 100 }, () => applyProviderEvent(t.db, "stripe", event)));
    expect(outcomes.filter((o) => o === "applied")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "duplicate")).toHaveLength(99);
    expect(await balanceOf(t.db, userAccount(buyer.id))).toBe(25);
    expect(await ledgerInvariants(t.db)).toEqual({ unbalancedPostings: 0, mismatchedBalances: 0 });
  });

  it("a late or repeated fact is recorded but not applied; a paid amount that does not match is flagged", async () => {
    const buyer = await createUser(t.db, "subscriber");
    const tx = await pendingTransaction(buyer.id, "credits");
    expect(await applyProviderEvent(t.db, "stripe", paid(tx))).toBe("applied");
    expect(await applyProviderEvent(t.db, "stripe", paid(tx, undefined, { status: "pending", type: "checkout.session.completed" }))).toBe("ignored");
    expect(await applyProviderEvent(t.db, "stripe", paid(tx, undefined, { status: "failed" }))).toBe("ignored");
    expect(await balanceOf(t.db, userAccount(buyer.id))).toBe(25);

    const other = await pendingTransaction(buyer.id, "credits");
    expect(await applyProviderEvent(t.db, "stripe", paid(other, undefined, { amountMinor: 100 }))).toBe("flagged");
    const [row] = await t.db.select().from(paymentTransactions).where(eq(paymentTransactions.id, other.id));
    expect(row.status).toBe("pending");
    expect(row.flagged).toContain("expected 2500 USD");
  });

  it("paid membership makes a subscriber a member until validUntil; a refund ends it and takes back unspent credits", async () => {
    const buyer = await createUser(t.db, "subscriber");
    const tx = await pendingTransaction(buyer.id, "membership", 1000);
    expect(await applyProviderEvent(t.db, "stripe", paid(tx))).toBe("applied");
    const [u] = await t.db.select().from(user).where(eq(user.id, buyer.id));
    expect(u.role).toBe("member");
    const [m] = await t.db.select().from(memberships).where(eq(memberships.userId, buyer.id));
    expect(m.validUntil.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(await applyProviderEvent(t.db, "stripe", paid(tx, undefined, { status: "refunded", type: "charge.refunded" }))).toBe("applied");
    const [ended] = await t.db.select().from(memberships).where(eq(memberships.userId, buyer.id));
    expect(ended.validUntil.getTime()).toBeLessThanOrEqual(Date.now());

    const credits = await pendingTransaction(buyer.id, "credits", 5000);
    await applyProviderEvent(t.db, "stripe", paid(credits));
    await t.db.transaction((db) => post(db, [{ account: userAccount(buyer.id), amount: -20 }, { account: PLATFORM.spent, amount: 20 }], "spent"));
    await applyProviderEvent(t.db, "stripe", paid(credits, undefined, { status: "refunded", type: "charge.refunded" }));
    expect(await balanceOf(t.db, userAccount(buyer.id))).toBe(0);
    expect(await ledgerInvariants(t.db)).toEqual({ unbalancedPostings: 0, mismatchedBalances: 0 });
  });

  it("concurrent spends never take a balance below zero", async () => {
    const spender = await createUser(t.db, "member");
    await t.db.transaction((db) => post(db, [{ account: PLATFORM.grants, amount: -10 }, { account: userAccount(spender.id), amount: 10 }], "grant"));
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => t.db.transaction((db) => post(db, [{ account: userAccount(spender.id), amount: -3 }, { account: PLATFORM.spent, amount: 3 }], "spend"))),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    expect(await balanceOf(t.db, userAccount(spender.id))).toBe(1);
    expect(await ledgerInvariants(t.db)).toEqual({ unbalancedPostings: 0, mismatchedBalances: 0 });
  });

  it("the expiry pipeline ends a lapsed paid membership once: member -> subscriber, told", async () => {
    const buyer = await createUser(t.db, "subscriber");
    const tx = await pendingTransaction(buyer.id, "membership", 1000);
    await applyProviderEvent(t.db, "stripe", paid(tx));
    const later = new Date(Date.now() + 31 * 86_400_000);
    expect((await expireMemberships(t.db, later)).expired).toBeGreaterThanOrEqual(1);
    const [u] = await t.db.select().from(user).where(eq(user.id, buyer.id));
    expect(u.role).toBe("subscriber");
    const told = await t.db.select().from(notifications).where(eq(notifications.userId, buyer.id));
    expect(told.map((n) => n.type)).toContain("membership_expired");
    const again = await expireMemberships(t.db, later);
    expect((await t.db.select().from(notifications).where(eq(notifications.userId, buyer.id))).length).toBe(told.length);
    expect(again.expired).toBe(0);
  });
});
