import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { writeSettings } from "@/src/platform/settings/resolve";
import { actorOf, createUser, ctxFor } from "@/tests/support/factories";
import { startFakeStripe, type FakeStripe } from "@/tests/support/fake-stripe";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { balanceOf, ledgerInvariants, PLATFORM, post, userAccount } from "./ledger";
import { paymentTransactions } from "./schema";
import { applyProviderEvent, checkout } from "./service";

let t: TestDb;
let stripe: FakeStripe;
beforeAll(async () => {
  t = await createTestDb();
  stripe = await startFakeStripe();
  // Read once by env(); this file's module graph is its own.
  Object.assign(process.env, { STRIPE_SECRET_KEY: "sk_test_credit_currency", STRIPE_WEBHOOK_SECRET: "whsec_credit_currency", STRIPE_API_BASE: stripe.base });
});
afterAll(async () => {
  await stripe.close();
  await t.destroy();
});
beforeEach(async () => {
  await writeSettings(t.db, [{ name: "PAYMENTS_CREDITS_RATES", value: null }, { name: "PAYMENTS_MEMBERSHIP_CURRENCY", value: null }], null);
});

const rates = (value: Record<string, number>) => writeSettings(t.db, [{ name: "PAYMENTS_CREDITS_RATES", value: JSON.stringify(value) }], null);

async function buyer(credits = 0) {
  const row = await createUser(t.db, "subscriber");
  if (credits) await t.db.transaction((tx) => post(tx, [{ account: PLATFORM.grants, amount: -credits }, { account: userAccount(row.id), amount: credits }], "test credits"));
  return { id: row.id, ctx: ctxFor(t.db, actorOf(row)) };
}

const transactionsOf = (userId: string) => t.db.select().from(paymentTransactions).where(eq(paymentTransactions.userId, userId));

describe(`credits have a currency (${process.env.RINGLET_TEST_DB})`, () => {
  it("a top-up in another currency without a rate is 400 and writes nothing", async () => {
    const b = await buyer();
    await expect(checkout(b.ctx, { purpose: "credits", provider: "stripe", amount: 2500, currency: "UAH" })).rejects.toMatchObject({ code: "validation_failed", message: expect.stringContaining("no rate for UAH"), fields: { currency: expect.stringContaining("PAYMENTS_CREDITS_RATES") } });
    expect(await transactionsOf(b.id)).toHaveLength(0);
  });

  it("a top-up in another currency with a rate grants the converted credits, rounded down", async () => {
    await rates({ UAH: 0.024 });
    const b = await buyer();
    // 1042.00 UAH at 0.024 credits per hryvnia is 25.008 credits: 25 (one of the packs).
    const started = await checkout(b.ctx, { purpose: "credits", provider: "stripe", amount: 104_200, currency: "UAH" });
    const [tx] = await transactionsOf(b.id);
    expect(tx).toMatchObject({ id: started.transactionId, amountMinor: 104_200, currency: "UAH", metadata: { creditRate: 0.024 } });
    const event = { eventId: `evt_${crypto.randomUUID()}`, type: "checkout.session.completed", transactionId: tx.id, providerRef: tx.providerRef, status: "succeeded" as const, amountMinor: 104_200, currency: "UAH", payload: {} };
    expect(await applyProviderEvent(t.db, "stripe", event)).toBe("applied");
    expect(await balanceOf(t.db, userAccount(b.id))).toBe(25);
    // The old 1:1 would have been 1042 credits; a pack the rate does not reach is refused.
    await expect(checkout(b.ctx, { purpose: "credits", provider: "stripe", amount: 2500, currency: "UAH" })).rejects.toMatchObject({ code: "validation_failed" });
  });

  it("paying a price in another currency with credits is refused without a rate and converted (rounded up) with one", async () => {
    await writeSettings(t.db, [{ name: "PAYMENTS_MEMBERSHIP_CURRENCY", value: "EUR" }], null);
    const b = await buyer(20);
    await expect(checkout(b.ctx, { purpose: "membership", provider: "credits" })).rejects.toMatchObject({ code: "validation_failed", fields: { provider: expect.stringContaining("EUR") } });
    expect(await transactionsOf(b.id)).toHaveLength(0);
    expect(await balanceOf(t.db, userAccount(b.id))).toBe(20);

    await rates({ EUR: 1.1 });
    // 10.00 EUR at 1.1 credits per euro: 11 credits, not 10.
    expect(await checkout(b.ctx, { purpose: "membership", provider: "credits" })).toMatchObject({ status: "succeeded" });
    expect(await balanceOf(t.db, userAccount(b.id))).toBe(9);
    expect(await ledgerInvariants(t.db)).toEqual({ unbalancedPostings: 0, mismatchedBalances: 0 });
  });
});
