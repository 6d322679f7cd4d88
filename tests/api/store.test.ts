import { describe, expect, inject, it } from "vitest";
import { call, signInAdmin, userWithRole } from "../support/http";
import { verifiedOrganisation } from "../support/store";

/** The store's HTTP contract: who may do what, clear 4xx for bad input, visibility of the catalogue. */
async function sellingVendor(prefix: string) {
  const admin = await signInAdmin();
  const owner = await userWithRole("member", prefix);
  const org = await verifiedOrganisation(inject("baseUrl"), owner.token, admin, `${prefix} ${Date.now()}`);
  const applied = await call("/api/v1/store/vendors", { token: owner.token, body: { entityId: org.id, payoutMethod: "bank", accountHolder: "Test Org", iban: "UA213223130000026007233566001" } });
  expect(applied.status).toBe(201);
  const approved = await call(`/api/v1/admin/store/vendors/${applied.body.id}/decision`, { token: admin, body: { decision: "approve", tier: "partner" } });
  expect(approved.body).toMatchObject({ status: "approved", commissionBps: 1200 });
  return { owner, admin, org, vendorId: applied.body.id as string };
}

describe("store API", () => {
  it("vendors apply and are approved; products appear in the public catalogue only when active", async () => {
    const { owner, vendorId, admin } = await sellingVendor("store-api");
    expect((await call(`/api/v1/admin/store/vendors/${vendorId}/decision`, { token: owner.token, body: { decision: "approve" } })).status).toBe(403);
    expect((await call("/api/v1/store/products", { token: owner.token, body: { vendorId, title: "x", priceMinor: 0, currency: "XXX" } })).status).toBe(400);
    const draft = await call("/api/v1/store/products", { token: owner.token, body: { vendorId, title: "Hand-bound notebook", priceMinor: 1_200, currency: "UAH", stock: 4 } });
    expect(draft).toMatchObject({ status: 201, body: { status: "draft", available: 4 } });
    expect((await call(`/api/v1/store/products/${draft.body.id}`)).status).toBe(404);
    const other = await userWithRole("member", "store-stranger");
    expect((await call(`/api/v1/store/products/${draft.body.id}`, { method: "PATCH", token: other.token, body: { status: "active" } })).status).toBe(404);
    expect((await call(`/api/v1/store/products/${draft.body.id}`, { method: "PATCH", token: owner.token, body: { status: "active" } })).body.status).toBe("active");
    const catalogue = await call(`/api/v1/store/products?q=${encodeURIComponent("hand-bound")}`);
    expect(catalogue.body.items.map((p: { id: string }) => p.id)).toContain(draft.body.id);
    expect((await call("/api/v1/store/products?minPrice=abc")).status).toBe(400);
    expect((await call("/api/v1/store/cart", { method: "PUT", token: other.token, body: { productId: draft.body.id, quantity: 5 } })).status).toBe(409);
    const cart = await call("/api/v1/store/cart", { method: "PUT", token: other.token, body: { productId: draft.body.id, quantity: 2 } });
    expect(cart.body.totals, JSON.stringify(cart.body)).toEqual({ UAH: 2_400 });
    const order = await call("/api/v1/store/orders", { token: other.token, body: {} });
    expect(order).toMatchObject({ status: 201, body: { status: "pending_payment", totalMinor: 2_400, currency: "UAH" } });
    expect((await call("/api/v1/store/orders", { token: other.token, body: {} })).status).toBe(400);
    expect((await call(`/api/v1/store/orders/${order.body.id}`, { token: owner.token })).status).toBe(404);
    expect((await call("/api/v1/checkout", { token: owner.token, body: { purpose: "order", provider: "credits", orderId: order.body.id } })).status).toBe(404);
    const payWithCredits = () => call("/api/v1/checkout", { token: other.token, body: { purpose: "order", provider: "credits", orderId: order.body.id } });
    expect((await payWithCredits()).body.error.message).toContain("no rate for UAH");
    expect((await call("/api/v1/admin/settings", { method: "PATCH", token: admin, body: { PAYMENTS_CREDITS_RATES: '{"UAH": 0.025}' } })).status).toBe(200);
    expect((await payWithCredits()).status).toBe(409);
    // 24.00 UAH at 0.025 credits per hryvnia costs one credit (0.6, rounded up).
    await call("/api/v1/admin/payments/credits", { token: admin, body: { userId: other.id, amount: 1, reason: "Store test credits" } });
    const paid = await call("/api/v1/checkout", { token: other.token, body: { purpose: "order", provider: "credits", orderId: order.body.id } });
    expect(paid.body.status).toBe("succeeded");
    expect((await call(`/api/v1/store/orders/${order.body.id}`, { token: other.token })).body.status).toBe("paid");

    const vendorOrders = await call(`/api/v1/store/vendors/${vendorId}/orders`, { token: owner.token });
    const sub = vendorOrders.body.items[0].subOrders[0];
    expect(sub).toMatchObject({ status: "paid", subtotalMinor: 2_400, commissionMinor: 288, netMinor: 2_112 });
    expect((await call(`/api/v1/store/sub-orders/${sub.id}/fulfil`, { method: "POST", token: other.token })).status).toBe(404);
    expect((await call(`/api/v1/store/sub-orders/${sub.id}/fulfil`, { method: "POST", token: owner.token })).body.status).toBe("fulfilled");
    expect((await call(`/api/v1/store/sub-orders/${sub.id}/fulfil`, { method: "POST", token: owner.token })).status).toBe(409);
    const lateCancel = await call(`/api/v1/store/sub-orders/${sub.id}/cancel`, { token: owner.token, body: { reason: "changed my mind" } });
    expect(lateCancel).toMatchObject({ status: 409, body: { error: { message: expect.stringContaining("ask an admin") } } });
    expect((await call(`/api/v1/store/sub-orders/${sub.id}/cancel`, { token: owner.token, body: { reason: "x" } })).status).toBe(400);
    const statement = await call(`/api/v1/store/vendors/${vendorId}/statement`, { token: owner.token });
    expect(statement.body.unpaidNetMinor).toEqual({ UAH: 2_112 });
    const csv = await call(`/api/v1/store/vendors/${vendorId}/statement.csv`, { token: owner.token });
    expect(String(csv.body).split("\r\n")[1]).toMatch(/,sale,.*,2400,288,2112,UAH,/);
    expect((await call(`/api/v1/store/vendors/${vendorId}/statement`, { token: other.token })).status).toBe(404);
    const finance = await call("/api/v1/admin/store/finance", { token: admin });
    expect(finance.status, JSON.stringify(finance.body)).toBe(200);
    expect(finance.body.items.find((f: { currency: string }) => f.currency === "UAH")).toMatchObject({ gmvMinor: expect.any(Number), payableMinor: expect.any(Number) });
    expect((await call("/api/v1/admin/store/finance", { token: owner.token })).status).toBe(403);
  });

  it("an organisation that is not verified cannot sell", async () => {
    const owner = await userWithRole("member", "store-unverified");
    const org = await call("/api/v1/entities", { token: owner.token, body: { name: `Unverified ${Date.now()}`, type: "other", description: "No badge" } });
    const applied = await call("/api/v1/store/vendors", { token: owner.token, body: { entityId: org.body.id, payoutMethod: "credits" } });
    expect(applied).toMatchObject({ status: 409, body: { error: { code: "conflict" } } });
  });
});
