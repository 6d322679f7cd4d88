import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeStripe, sessionCompleted, type FakeStripe } from "../support/fake-stripe";
import { readAdminCredentials, startServer, type StartedServer } from "../support/global-server";
import { call, eventually, randomIp, uniqueEmail, type CallOptions } from "../support/http";
import { signWayForPayCallback, startFakeWayForPay, type FakeWayForPay } from "../support/wayforpay";

/**
 * Payments through a running app with Stripe pointed at a fake Stripe API on 127.0.0.1 (the real
 * SDK on both sides: the app creates sessions, the test signs webhooks with the SDK's test header)
 * and WayForPay with a test secret.
 */
const WEBHOOK_SECRET = "whsec_test_0123456789abcdef";
const WFP = { merchantAccount: "test_merch", secretKey: "wayforpay-test-secret", domain: "ringlet.test" };
const stripe = new Stripe("sk_test_signer");
let fake: FakeStripe;
let wfp: FakeWayForPay;
let server: StartedServer;

beforeAll(async () => {
  fake = await startFakeStripe();
  wfp = await startFakeWayForPay(WFP);
  // A closed ring (AUTH_REQUIRE_EMAIL_VERIFICATION off): this file is not about sign-up, which tests/api/auth.test.ts covers.
  server = await startServer({
    SEED_DEMO: "false",
    AUTH_REQUIRE_EMAIL_VERIFICATION: "false",
    STRIPE_SECRET_KEY: "sk_test_ringlet",
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_BASE: fake.base,
    WAYFORPAY_MERCHANT_ACCOUNT: WFP.merchantAccount,
    WAYFORPAY_SECRET_KEY: WFP.secretKey,
    WAYFORPAY_DOMAIN: WFP.domain,
    WAYFORPAY_API_URL: wfp.apiUrl,
    PAYMENTS_CREDITS_RATES: JSON.stringify({ EUR: 1 }),
  });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await fake?.close();
  await wfp?.close();
});

const adminToken = async () => (await api("/api/v1/auth/sign-in", { body: readAdminCredentials(server.dataDir) })).body.token as string;

const api = (path: string, { raw, ...options }: Omit<CallOptions, "baseUrl" | "rawBody"> & { raw?: string } = {}) => call(path, { ...options, rawBody: raw, baseUrl: server.baseUrl });

async function member(prefix: string) {
  const res = await api("/api/v1/auth/sign-up", { body: { email: uniqueEmail(prefix), password: "correct-horse-1", name: prefix } });
  return { id: res.body.user.id as string, token: res.body.token as string };
}

const signed = (payload: string, timestamp?: number) => ({ "stripe-signature": stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET, timestamp }) });

describe("Stripe", () => {
  it("checkout creates a session; only a correctly signed, fresh webhook applies, once", async () => {
    const buyer = await member("pay-stripe");
    const started = await api("/api/v1/checkout", { token: buyer.token, body: { purpose: "credits", provider: "stripe", amount: 2500, currency: "EUR" } });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ status: "pending", redirectUrl: expect.stringContaining("checkout.stripe.test") });
    expect(fake.sessions.at(-1)).toMatchObject({ "line_items[0][price_data][unit_amount]": "2500", "line_items[0][price_data][currency]": "eur", client_reference_id: started.body.transactionId });

    const tx = (await api(`/api/v1/me/transactions/${started.body.transactionId}`, { token: buyer.token })).body;
    const payload = sessionCompleted(`evt_${Date.now()}`, { id: tx.providerRef, transactionId: tx.id, amount: 2500, currency: "EUR" });
    expect((await api("/api/webhooks/stripe", { raw: payload, headers: { "stripe-signature": "t=1,v1=deadbeef" } })).status).toBe(400);
    expect((await api("/api/webhooks/stripe", { raw: payload })).status).toBe(400);
    expect((await api("/api/webhooks/stripe", { raw: payload.replace("2500", "25"), headers: signed(payload) })).status).toBe(400);
    expect((await api("/api/webhooks/stripe", { raw: payload, headers: signed(payload, Math.floor(Date.now() / 1000) - 600) })).status).toBe(400);
    expect((await api("/api/v1/me/credits", { token: buyer.token })).body.balance).toBe(0);

    const first = await api("/api/webhooks/stripe", { raw: payload, headers: signed(payload) });
    expect(first).toMatchObject({ status: 200, body: { received: true, outcome: "applied" } });
    const again = await api("/api/webhooks/stripe", { raw: payload, headers: signed(payload) });
    expect(again.body.outcome).toBe("duplicate");
    const credits = (await api("/api/v1/me/credits", { token: buyer.token })).body;
    expect(credits.balance).toBe(25);
    expect(credits.entries[0]).toMatchObject({ amount: 25, transactionId: tx.id });
    expect((await api(`/api/v1/me/transactions/${tx.id}`, { token: buyer.token })).body.status).toBe("succeeded");
  });
});

describe("WayForPay", () => {
  it("checkout answers a signed form; a signed callback applies and gets the signed accept; a forged one 400", async () => {
    const buyer = await member("pay-wfp");
    const started = await api("/api/v1/checkout", { token: buyer.token, body: { purpose: "membership", provider: "wayforpay" } });
    expect(started.status).toBe(201);
    expect(started.body.form.fields).toMatchObject({ merchantAccount: WFP.merchantAccount, orderReference: started.body.transactionId, amount: "10.00", currency: "USD" });
    expect(started.body.form.fields.merchantSignature).toMatch(/^[0-9a-f]{32}$/);

    const callback = signWayForPayCallback(WFP, { orderReference: started.body.transactionId, amount: 10, currency: "USD", transactionStatus: "Approved", authCode: "123456", cardPan: "41****1111" });
    expect((await api("/api/webhooks/wayforpay", { body: { ...callback, amount: 1 } })).status).toBe(400);
    const accepted = await api("/api/webhooks/wayforpay", { body: callback });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ orderReference: started.body.transactionId, status: "accept", signature: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect((await api("/api/webhooks/wayforpay", { body: callback })).status).toBe(200);
    expect((await api("/api/v1/me", { token: buyer.token })).body.role).toBe("member");
  });
});

describe("credits", () => {
  it("paying with credits needs the balance (409), then settles at once; admins grant with a reason and see every transaction", async () => {
    const buyer = await member("pay-credits");
    expect((await api("/api/v1/checkout", { token: buyer.token, body: { purpose: "membership", provider: "credits" } })).status).toBe(409);
    const admin = await adminToken();
    expect((await api("/api/v1/admin/payments/credits", { token: buyer.token, body: { userId: buyer.id, amount: 10, reason: "gift" } })).status).toBe(403);
    expect((await api("/api/v1/admin/payments/credits", { token: admin, body: { userId: buyer.id, amount: 10, reason: "Welcome gift" } })).body.balance).toBe(10);
    const paid = await api("/api/v1/checkout", { token: buyer.token, body: { purpose: "membership", provider: "credits", idempotencyKey: "membership-1" } });
    expect(paid.body.status).toBe("succeeded");
    const repeated = await api("/api/v1/checkout", { token: buyer.token, body: { purpose: "membership", provider: "credits", idempotencyKey: "membership-1" } });
    expect(repeated.body.transactionId).toBe(paid.body.transactionId);
    expect((await api("/api/v1/me/credits", { token: buyer.token })).body.balance).toBe(0);
    expect((await api("/api/v1/me", { token: buyer.token })).body.role).toBe("member");
    const all = await api("/api/v1/admin/payments/transactions?provider=credits", { token: admin });
    expect(all.body.items.some((i: { id: string }) => i.id === paid.body.transactionId)).toBe(true);
    const csv = await fetch(`${server.baseUrl}/api/v1/admin/payments/transactions.csv?provider=credits`, { headers: { authorization: `Bearer ${admin}`, "x-forwarded-for": randomIp() } });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe("id,createdAt,userId,purpose,provider,amountMinor,currency,status,providerRef,flagged,refundedMinor");
    expect(lines.some((l) => l.startsWith(paid.body.transactionId) && l.includes(",credits,"))).toBe(true);
    expect((await fetch(`${server.baseUrl}/api/v1/admin/payments/transactions.csv`, { headers: { authorization: `Bearer ${buyer.token}`, "x-forwarded-for": randomIp() } })).status).toBe(403);
    expect((await api("/api/v1/checkout", { token: buyer.token, body: { purpose: "credits", provider: "credits", amount: 500 } })).status).toBe(400);
    const noRate = await api("/api/v1/checkout", { token: buyer.token, body: { purpose: "credits", provider: "stripe", amount: 2500, currency: "UAH" } });
    expect(noRate).toMatchObject({ status: 400, body: { error: { code: "validation_failed", message: expect.stringContaining("no rate for UAH"), fields: { currency: expect.any(String) } } } });
    const offPack = await api("/api/v1/checkout", { token: buyer.token, body: { purpose: "credits", provider: "stripe", amount: 1234 } });
    expect(offPack).toMatchObject({ status: 400, body: { error: { fields: { amount: expect.stringContaining("10, 25, 50, 100") } } } });
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const ids = async (query: string) => ((await api(`/api/v1/admin/payments/transactions?${query}`, { token: admin })).body.items as { id: string }[]).map((i) => i.id);
    expect(await ids(`provider=credits&from=${today}&to=${today}`)).toContain(paid.body.transactionId);
    expect(await ids(`provider=credits&from=${tomorrow}`)).not.toContain(paid.body.transactionId);
    expect((await api("/api/v1/admin/payments/transactions?from=yesterday", { token: admin })).status).toBe(400);
  });
});

describe("refunds", () => {
  it("an admin refunds a Stripe payment in part, then the rest; credits come back off the account; each refund is asked of Stripe once", async () => {
    const buyer = await member("refund-stripe");
    const admin = await adminToken();
    const started = await api("/api/v1/checkout", { token: buyer.token, body: { purpose: "credits", provider: "stripe", amount: 2500, currency: "EUR" } });
    const tx = (await api(`/api/v1/me/transactions/${started.body.transactionId}`, { token: buyer.token })).body;
    fake.pay(tx.providerRef);
    const payload = sessionCompleted(`evt_refund_${Date.now()}`, { id: tx.providerRef, transactionId: tx.id, amount: 2500, currency: "EUR" });
    expect((await api("/api/webhooks/stripe", { raw: payload, headers: signed(payload) })).body.outcome).toBe("applied");
    const refund = (body: unknown, token = admin) => api(`/api/v1/admin/payments/transactions/${tx.id}/refund`, { token, body });

    expect((await refund({ amountMinor: 1000, reason: "goodwill" }, buyer.token)).status).toBe(403);
    expect((await refund({ amountMinor: 1000, reason: "x" })).status).toBe(400);
    expect((await refund({ amountMinor: 1000, reason: "goodwill" }).then((r) => r.status))).toBe(201);
    expect(fake.refunds).toContainEqual(expect.objectContaining({ payment_intent: `pi_test_${tx.providerRef}`, amount: 1000 }));
    let detail = (await api(`/api/v1/admin/payments/transactions/${tx.id}`, { token: admin })).body;
    expect(detail).toMatchObject({ status: "partially_refunded", refundedMinor: 1000, refunds: [{ amountMinor: 1000, status: "succeeded", providerRef: expect.stringMatching(/^re_test_/) }] });
    expect(detail.events.map((e: { outcome: string }) => e.outcome)).toEqual(["applied"]);
    expect((await api("/api/v1/me/credits", { token: buyer.token })).body.balance).toBe(15);

    const tooMuch = await refund({ amountMinor: 2000, reason: "more than is left" });
    expect(tooMuch).toMatchObject({ status: 400, body: { error: { fields: { amountMinor: expect.stringContaining("1500") } } } });
    const refundsBefore = fake.refunds.length;
    const rest = await refund({ reason: "the rest" });
    expect(rest).toMatchObject({ status: 201, body: { amountMinor: 1500, status: "succeeded" } });
    expect(fake.refunds.length).toBe(refundsBefore + 1);
    expect((await refund({ reason: "once more" })).status).toBe(409);
    detail = (await api(`/api/v1/admin/payments/transactions/${tx.id}`, { token: admin })).body;
    expect(detail).toMatchObject({ status: "refunded", refundedMinor: 2500 });
    expect((await api("/api/v1/me/credits", { token: buyer.token })).body.balance).toBe(0);
    const notes = (await api("/api/v1/me/notifications", { token: buyer.token })).body.items as { type: string }[];
    expect(notes.filter((n) => n.type === "payment_refunded")).toHaveLength(2);
  });

  it("a provider that refuses a refund gets a 502 and nothing changes; a pending payment cannot be refunded", async () => {
    const buyer = await member("refund-refused");
    const admin = await adminToken();
    const started = await api("/api/v1/checkout", { token: buyer.token, body: { purpose: "membership", provider: "wayforpay" } });
    const id = started.body.transactionId as string;
    expect((await api(`/api/v1/admin/payments/transactions/${id}/refund`, { token: admin, body: { reason: "not paid yet" } })).status).toBe(409);
    const callback = signWayForPayCallback(WFP, { orderReference: id, amount: 10, currency: "USD", transactionStatus: "Approved" });
    expect((await api("/api/webhooks/wayforpay", { body: callback })).status).toBe(200);
    // The fake WayForPay has no record of the order, so it declines the refund.
    const refused = await api(`/api/v1/admin/payments/transactions/${id}/refund`, { token: admin, body: { reason: "customer asked" } });
    expect(refused).toMatchObject({ status: 502, body: { error: { code: "provider_error" } } });
    const detail = (await api(`/api/v1/admin/payments/transactions/${id}`, { token: admin })).body;
    expect(detail).toMatchObject({ status: "succeeded", refundedMinor: 0, refunds: [{ status: "failed", error: expect.stringContaining("Declined") }] });
    expect((await api("/api/v1/me", { token: buyer.token })).body.role).toBe("member");
  });

  it("a full WayForPay refund of a membership ends it and the role goes back; a credits-paid membership refunds to credits", async () => {
    const admin = await adminToken();
    const buyer = await member("refund-wfp");
    const started = await api("/api/v1/checkout", { token: buyer.token, body: { purpose: "membership", provider: "wayforpay" } });
    const id = started.body.transactionId as string;
    wfp.orders.set(id, { transactionStatus: "Approved", amount: 10, currency: "USD" });
    await api("/api/webhooks/wayforpay", { body: signWayForPayCallback(WFP, { orderReference: id, amount: 10, currency: "USD", transactionStatus: "Approved" }) });
    expect((await api("/api/v1/me", { token: buyer.token })).body.role).toBe("member");
    const refunded = await api(`/api/v1/admin/payments/transactions/${id}/refund`, { token: admin, body: { reason: "cancelled within 14 days" } });
    expect(refunded).toMatchObject({ status: 201, body: { status: "succeeded", amountMinor: 1000 } });
    expect(wfp.requests.at(-1)).toMatchObject({ transactionType: "REFUND", orderReference: id, amount: "10.00", currency: "USD", apiVersion: 1 });
    expect((await api("/api/v1/me", { token: buyer.token })).body.role).toBe("subscriber");
    // WayForPay's own "Refunded" callback afterwards is a known fact: nothing moves twice.
    await api("/api/webhooks/wayforpay", { body: signWayForPayCallback(WFP, { orderReference: id, amount: 10, currency: "USD", transactionStatus: "Refunded" }) });
    expect((await api(`/api/v1/admin/payments/transactions/${id}`, { token: admin })).body).toMatchObject({ status: "refunded", refundedMinor: 1000 });

    const spender = await member("refund-credits");
    await api("/api/v1/admin/payments/credits", { token: admin, body: { userId: spender.id, amount: 10, reason: "Test credits" } });
    const paid = await api("/api/v1/checkout", { token: spender.token, body: { purpose: "membership", provider: "credits" } });
    expect((await api("/api/v1/me/credits", { token: spender.token })).body.balance).toBe(0);
    expect((await api(`/api/v1/admin/payments/transactions/${paid.body.transactionId}/refund`, { token: admin, body: { reason: "changed their mind" } })).status).toBe(201);
    expect((await api("/api/v1/me/credits", { token: spender.token })).body.balance).toBe(10);
    expect((await api("/api/v1/me", { token: spender.token })).body.role).toBe("subscriber");
  });

  it("the payments-reconcile pipeline is registered and runs", async () => {
    const admin = await adminToken();
    const run = await api("/api/v1/admin/processes/payments-reconcile/run", { token: admin, body: {} });
    expect(run.status).toBeLessThan(300);
    const runs = await eventually(async () => {
      const list = (await api("/api/v1/admin/processes/runs?pipeline=payments-reconcile", { token: admin })).body.items as { status: string; stats: Record<string, number> }[];
      return list.find((r) => r.status !== "running") ? list : null;
    });
    expect(runs[0]).toMatchObject({ status: "succeeded", stats: expect.objectContaining({ checked: expect.any(Number), errors: 0 }) });
  });
});
