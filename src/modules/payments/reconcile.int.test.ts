import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { user } from "@/src/platform/auth/schema";
import { readEnv } from "@/src/platform/config/env";
import { createUser } from "@/tests/support/factories";
import { freePort } from "@/tests/support/global-server";
import { startFakeStripe, type FakeStripe } from "@/tests/support/fake-stripe";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { startFakeWayForPay, type FakeWayForPay } from "@/tests/support/wayforpay";
import { balanceOf, ledgerInvariants, userAccount } from "./ledger";
import type { PaymentProvider } from "./providers/port";
import { stripeProvider } from "./providers/stripe";
import { wayForPayProvider } from "./providers/wayforpay";
import { reconcilePayments } from "./reconcile";
import { paymentRefunds, paymentTransactions } from "./schema";
import { applyProviderEvent } from "./service";
import type { Provider } from "./states";

const WFP = { merchantAccount: "reconcile_merch", secretKey: "reconcile-secret-key", domain: "ringlet.test" };
const HOUR = 3_600_000;
let t: TestDb;
let stripeFake: FakeStripe;
let wfpFake: FakeWayForPay;
let providers: Record<Provider, PaymentProvider | null>;
const lookup = (name: Provider) => providers[name];

beforeAll(async () => {
  t = await createTestDb();
  stripeFake = await startFakeStripe();
  wfpFake = await startFakeWayForPay(WFP);
  providers = {
    stripe: stripeProvider(readEnv({ NODE_ENV: "test", STRIPE_SECRET_KEY: "sk_test_reconcile", STRIPE_WEBHOOK_SECRET: "whsec_reconcile", STRIPE_API_BASE: stripeFake.base })),
    wayforpay: wayForPayProvider({ ...WFP, apiUrl: wfpFake.apiUrl }),
    credits: null,
  };
});
afterAll(async () => {
  await stripeFake.close();
  await wfpFake.close();
  await t.destroy();
});

/** A payment started `ageMs` ago, the way checkout leaves it: pending with the provider's reference. */
async function openPayment(provider: "stripe" | "wayforpay", purpose: "credits" | "membership", ageMs: number, amountMinor = 2500) {
  const buyer = await createUser(t.db, "subscriber");
  const createdAt = new Date(Date.now() - ageMs);
  const [row] = await t.db.insert(paymentTransactions).values({ userId: buyer.id, purpose, provider, amountMinor, currency: "USD", status: "pending", createdAt, updatedAt: createdAt }).returning();
  const started = await providers[provider]!.createCheckout({ ...row, description: "test" }, { returnUrl: "http://127.0.0.1/r", cancelUrl: "http://127.0.0.1/c", serviceUrl: "http://127.0.0.1/s", expiresInSeconds: 86_400 });
  const [pending] = await t.db.update(paymentTransactions).set({ providerRef: started.providerRef }).where(eq(paymentTransactions.id, row.id)).returning();
  return { buyer, tx: pending };
}

const statusOf = async (id: string) => (await t.db.select().from(paymentTransactions).where(eq(paymentTransactions.id, id)))[0];

describe(`payments reconciliation (${process.env.RINGLET_TEST_DB})`, () => {
  it("settles what the provider says was paid, expires what is too old, leaves what is young, once", async () => {
    const paidAtStripe = await openPayment("stripe", "credits", 2 * HOUR);
    stripeFake.pay(paidAtStripe.tx.providerRef!);
    const abandoned = await openPayment("stripe", "credits", 30 * HOUR);
    const young = await openPayment("stripe", "credits", 10 * 60_000);
    const openAtStripe = await openPayment("stripe", "credits", 2 * HOUR);
    const paidAtWfp = await openPayment("wayforpay", "membership", 2 * HOUR, 1000);
    wfpFake.orders.set(paidAtWfp.tx.id, { transactionStatus: "Approved", amount: 10, currency: "USD" });
    const wrongAmount = await openPayment("wayforpay", "credits", 2 * HOUR);
    wfpFake.orders.set(wrongAmount.tx.id, { transactionStatus: "Approved", amount: 1, currency: "USD" });
    const declined = await openPayment("wayforpay", "credits", 2 * HOUR);
    wfpFake.orders.set(declined.tx.id, { transactionStatus: "Declined", amount: 25, currency: "USD" });
    const buyer = await createUser(t.db, "subscriber");
    const past = new Date(Date.now() - 2 * HOUR);
    const [neverStarted] = await t.db.insert(paymentTransactions).values({ userId: buyer.id, purpose: "credits", provider: "stripe", amountMinor: 500, currency: "USD", status: "created", createdAt: past, updatedAt: past }).returning();

    const now = new Date();
    const first = await reconcilePayments(t.db, now, lookup);
    expect(first).toMatchObject({ errors: 0, flagged: 1 });

    expect((await statusOf(paidAtStripe.tx.id)).status).toBe("succeeded");
    expect(await balanceOf(t.db, userAccount(paidAtStripe.buyer.id))).toBe(25);
    expect((await statusOf(abandoned.tx.id)).status).toBe("cancelled");
    expect((await providers.stripe!.fetchStatus(abandoned.tx)).status).toBe("cancelled");
    expect((await statusOf(young.tx.id)).status).toBe("pending");
    expect((await statusOf(openAtStripe.tx.id)).status).toBe("pending");
    expect((await statusOf(paidAtWfp.tx.id)).status).toBe("succeeded");
    expect((await t.db.select().from(user).where(eq(user.id, paidAtWfp.buyer.id)))[0].role).toBe("member");
    expect(await statusOf(wrongAmount.tx.id)).toMatchObject({ status: "pending", flagged: expect.stringContaining("expected 2500 USD") });
    expect((await statusOf(declined.tx.id)).status).toBe("failed");
    expect((await statusOf(neverStarted.id)).status).toBe("cancelled");

    const second = await reconcilePayments(t.db, now, lookup);
    expect(second).toMatchObject({ errors: 0, applied: 0 });
    expect(await balanceOf(t.db, userAccount(paidAtStripe.buyer.id))).toBe(25);

    // Stripe's own webhook arriving after reconciliation is a known fact.
    const late = await applyProviderEvent(t.db, "stripe", { eventId: `evt_late_${paidAtStripe.tx.id}`, type: "checkout.session.completed", transactionId: paidAtStripe.tx.id, providerRef: paidAtStripe.tx.providerRef, status: "succeeded", amountMinor: 2500, currency: "USD", payload: {} });
    expect(late).toBe("ignored");
    expect(await balanceOf(t.db, userAccount(paidAtStripe.buyer.id))).toBe(25);
    // Money taken after the checkout was given up on goes to a person.
    const paidLate = await applyProviderEvent(t.db, "stripe", { eventId: `evt_after_expiry_${abandoned.tx.id}`, type: "checkout.session.completed", transactionId: abandoned.tx.id, providerRef: abandoned.tx.providerRef, status: "succeeded", amountMinor: 2500, currency: "USD", payload: {} });
    expect(paidLate).toBe("flagged");
    expect((await statusOf(abandoned.tx.id)).flagged).toContain("cancelled");
    expect(await ledgerInvariants(t.db)).toEqual({ unbalancedPostings: 0, mismatchedBalances: 0 });
  });

  it("a refund left open (a crash after it was recorded) is asked again with the same key and completes once", async () => {
    const { buyer, tx } = await openPayment("stripe", "credits", 2 * HOUR);
    stripeFake.pay(tx.providerRef!);
    await reconcilePayments(t.db, new Date(), lookup);
    const [refund] = await t.db.insert(paymentRefunds).values({ transactionId: tx.id, amountMinor: 1000, reason: "crashed before asking", createdAt: new Date(Date.now() - 10 * 60_000), updatedAt: new Date(Date.now() - 10 * 60_000) }).returning();
    const result = await reconcilePayments(t.db, new Date(), lookup);
    expect(result).toMatchObject({ refundsRetried: 1, refundsCompleted: 1 });
    expect(await statusOf(tx.id)).toMatchObject({ status: "partially_refunded", refundedMinor: 1000 });
    expect(await balanceOf(t.db, userAccount(buyer.id))).toBe(15);
    expect(stripeFake.refunds.filter((r) => r.payment_intent === `pi_test_${tx.providerRef}`)).toHaveLength(1);
    const [done] = await t.db.select().from(paymentRefunds).where(eq(paymentRefunds.id, refund.id));
    expect(done).toMatchObject({ status: "succeeded", attempts: 1 });
    expect((await reconcilePayments(t.db, new Date(), lookup)).refundsRetried).toBe(0);
  });

  it("a provider that cannot be reached fails the run after the others are settled", async () => {
    const reachable = await openPayment("stripe", "credits", 2 * HOUR);
    stripeFake.pay(reachable.tx.providerRef!);
    const unreachable = await openPayment("wayforpay", "credits", 2 * HOUR);
    const broken = { ...providers, wayforpay: wayForPayProvider({ ...WFP, apiUrl: `http://127.0.0.1:${await freePort()}/api` }) };
    await expect(reconcilePayments(t.db, new Date(), (name) => broken[name])).rejects.toThrow(/could not be checked/);
    expect((await statusOf(reachable.tx.id)).status).toBe("succeeded");
    expect((await statusOf(unreachable.tx.id)).status).toBe("pending");
  });
});
