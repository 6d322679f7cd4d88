import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeStripe, sessionCompleted, type FakeStripe } from "../support/fake-stripe";
import { readAdminCredentials, startServer, type StartedServer } from "../support/global-server";
import { call, randomIp, uniqueEmail, type CallOptions } from "../support/http";
import { signWayForPayCallback } from "../support/wayforpay";

/**
 * Payments through a running app with Stripe pointed at a fake Stripe API on 127.0.0.1 (the real
 * SDK on both sides: the app creates sessions, the test signs webhooks with the SDK's test header)
 * and WayForPay with a test secret.
 */
const WEBHOOK_SECRET = "whsec_test_0123456789abcdef";
const WFP = { merchantAccount: "test_merch", secretKey: "wayforpay-test-secret", domain: "ringlet.test" };
const stripe = new Stripe("sk_test_signer");
let fake: FakeStripe;
let server: StartedServer;

beforeAll(async () => {
  fake = await startFakeStripe();
  server = await startServer({
    SEED_DEMO: "false",
    STRIPE_SECRET_KEY: "sk_test_ringlet",
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_BASE: fake.base,
    WAYFORPAY_MERCHANT_ACCOUNT: WFP.merchantAccount,
    WAYFORPAY_SECRET_KEY: WFP.secretKey,
    WAYFORPAY_DOMAIN: WFP.domain,
  });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

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
    const admin = (await api("/api/v1/auth/sign-in", { body: readAdminCredentials(server.dataDir) })).body.token as string;
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
    expect(lines[0]).toBe("id,createdAt,userId,purpose,provider,amountMinor,currency,status,providerRef,flagged");
    expect(lines.some((l) => l.startsWith(paid.body.transactionId) && l.includes(",credits,"))).toBe(true);
    expect((await fetch(`${server.baseUrl}/api/v1/admin/payments/transactions.csv`, { headers: { authorization: `Bearer ${buyer.token}`, "x-forwarded-for": randomIp() } })).status).toBe(403);
    expect((await api("/api/v1/checkout", { token: buyer.token, body: { purpose: "credits", provider: "credits", amount: 500 } })).status).toBe(400);
  });
});
