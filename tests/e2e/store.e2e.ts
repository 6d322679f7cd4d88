import Stripe from "stripe";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signInThroughPage } from "../support/browser";
import { sessionCompleted } from "../support/fake-stripe";
import { readAdminCredentials } from "../support/global-server";
import { stripeAppForFile } from "../support/stripe-app";
import { call, randomIp, uniqueEmail } from "../support/http";
import { verifiedOrganisation } from "../support/store";

const WEBHOOK_SECRET = "whsec_store_e2e_0123456789";
const app = stripeAppForFile(WEBHOOK_SECRET);

const api = (path: string, options: Parameters<typeof call>[1] = {}) => call(path, { ...options, baseUrl: app.server.baseUrl });

async function person(prefix: string, promoteWith?: string): Promise<{ context: BrowserContext; page: Page; token: string; id: string }> {
  const email = uniqueEmail(prefix);
  const signed = await api("/api/v1/auth/sign-up", { body: { email, password: "correct-horse-1", name: `E2E ${prefix}` } });
  if (promoteWith) await api(`/api/v1/admin/users/${signed.body.user.id}`, { method: "PATCH", token: promoteWith, body: { role: "member" } });
  const context = await app.browser.newContext({ baseURL: app.server.baseUrl, locale: "en-GB", extraHTTPHeaders: { "x-forwarded-for": randomIp() } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await signInThroughPage(page, email, "correct-horse-1");
  return { context, page, token: signed.body.token, id: signed.body.user.id };
}

describe("the store in the browser", () => {
  it("a vendor lists a product, a buyer pays with the (fake) Stripe, the vendor sees and delivers the order, the statement shows the net", async () => {
    const admin = (await api("/api/v1/auth/sign-in", { body: readAdminCredentials(app.server.dataDir) })).body.token as string;
    const vendor = await person("e2e-vendor", admin);
    const org = await verifiedOrganisation(app.server.baseUrl, vendor.token, admin, `Linen Works ${Date.now()}`);

    await vendor.page.goto("/store/sell");
    await vendor.page.getByLabel("Account holder").fill("Linen Works LLC");
    await vendor.page.getByLabel("IBAN").fill("UA21 3223 1300 0002 6007 2335 6600 1");
    await vendor.page.getByRole("button", { name: "Apply to sell" }).click();
    await expect.poll(() => vendor.page.content()).toContain("Application sent");
    const applications = await api("/api/v1/admin/store/vendors?status=applied", { token: admin });
    const application = applications.body.items.find((v: { entityId: string }) => v.entityId === org.id);
    expect((await api(`/api/v1/admin/store/vendors/${application.id}/decision`, { token: admin, body: { decision: "approve", tier: "standard" } })).body.status).toBe("approved");

    await vendor.page.goto("/store/sell");
    await vendor.page.getByText("New product").click();
    const title = `Linen tablecloth ${Date.now()}`;
    await vendor.page.getByLabel("Title", { exact: true }).fill(title);
    await vendor.page.getByLabel("Price").first().fill("25.00");
    await vendor.page.getByLabel("Stock").last().fill("3");
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
    await vendor.page.locator('input[type="file"]').setInputFiles({ name: "tablecloth.png", mimeType: "image/png", buffer: png });
    await expect.poll(() => vendor.page.locator('img[src^="/api/v1/files/"]').count()).toBe(1);
    await vendor.page.getByRole("button", { name: "Create" }).click();
    await expect.poll(() => vendor.page.getByTestId("vendor-products").textContent()).toContain(title);

    const buyer = await person("e2e-buyer");
    await buyer.context.route("https://checkout.stripe.test/**", (route) => route.fulfill({ contentType: "text/html", body: "<h1>Stripe Checkout (test)</h1>" }));
    await buyer.page.goto(`/store?q=${encodeURIComponent(title)}`);
    await buyer.page.getByRole("link", { name: title }).click();
    expect(await buyer.page.getByTestId("product-availability").textContent()).toBe("3 in stock");
    expect(await buyer.page.locator('main img[src^="/api/v1/files/"]').count()).toBe(1);
    await buyer.page.getByRole("button", { name: "Add to cart" }).click();
    await buyer.page.getByRole("link", { name: "View cart" }).click();
    await expect.poll(() => buyer.page.getByTestId("cart-total").textContent()).toContain("25.00 USD");
    await buyer.page.getByRole("button", { name: /Place order and pay — Pay by card/ }).click();
    await buyer.page.waitForURL("https://checkout.stripe.test/**");

    const sessionId = buyer.page.url().split("/").pop()!;
    const transactionId = app.fake.sessions.at(-1)!["metadata[transactionId]"];
    app.fake.pay(sessionId);
    const payload = sessionCompleted(`evt_store_${Date.now()}`, { id: sessionId, transactionId, amount: 2_500, currency: "USD" });
    const signature = new Stripe("sk_test_signer").webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    expect((await fetch(`${app.server.baseUrl}/api/webhooks/stripe`, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": signature }, body: payload })).status).toBe(200);
    await buyer.page.goto(`/payments/return?transaction=${transactionId}`);
    await expect.poll(() => buyer.page.getByTestId("payment-status").textContent()).toContain("Paid");
    await buyer.page.goto("/store/orders");
    await expect.poll(() => buyer.page.getByTestId("order-status").first().textContent()).toBe("Paid");

    await vendor.page.goto("/store/sell");
    const orders = vendor.page.getByTestId("vendor-orders");
    expect(await orders.textContent()).toContain(title);
    expect(await orders.textContent()).toContain("E2E e2e-buyer");
    await vendor.page.getByRole("button", { name: "Mark delivered" }).click();
    await expect.poll(() => vendor.page.getByTestId("sub-order-status").first().textContent()).toBe("Delivered");
    // 25.00 less the standard 15 % commission.
    expect(await vendor.page.getByTestId("unpaid").textContent()).toContain("21.25 USD");
    expect(await vendor.page.getByTestId("statement-lines").textContent()).toMatch(/Sale.*25\.00 USD.*3\.75 USD.*21\.25 USD/);
    await buyer.page.goto("/store/orders");
    await buyer.page.getByRole("link", { name: /Order / }).first().click();
    await expect.poll(() => buyer.page.getByTestId("sub-order-status").first().textContent()).toBe("Delivered");
    await vendor.context.close();
    await buyer.context.close();
  });
});
