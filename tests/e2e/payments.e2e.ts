import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { signInThroughPage } from "../support/browser";
import { sessionCompleted } from "../support/fake-stripe";
import { readAdminCredentials } from "../support/global-server";
import { stripeAppForFile } from "../support/stripe-app";
import { randomIp, uniqueEmail } from "../support/http";

const WEBHOOK_SECRET = "whsec_e2e_0123456789abcdef";
const app = stripeAppForFile(WEBHOOK_SECRET);

async function api(path: string, body?: unknown, token?: string) {
  const res = await fetch(`${app.server.baseUrl}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": randomIp(), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json();
}

describe("paid membership in the browser", () => {
  it("a subscriber pays with (fake) Stripe, the webhook arrives, the return page turns to Paid, member-only listings appear; an admin refunds it and they go", async () => {
    const admin = (await api("/api/v1/auth/sign-in", readAdminCredentials(app.server.dataDir))).token as string;
    const title = `Members-only mentoring circle ${Date.now()}`;
    const listing = await api("/api/v1/opportunities", { title, description: "Weekly mentoring for members", type: "request", category: "education", visibility: "member" }, admin);
    if (listing.status === "pending") await api(`/api/v1/admin/opportunities/${listing.id}/decision`, { decision: "approve" }, admin);
    const email = uniqueEmail("e2e-pay");
    await api("/api/v1/auth/sign-up", { email, password: "correct-horse-1", name: "Paying Subscriber" });

    const context = await app.browser.newContext({ baseURL: app.server.baseUrl, locale: "en-GB", extraHTTPHeaders: { "x-forwarded-for": randomIp() } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    // The hosted Stripe page is not reachable here: answer it with a stand-in.
    await context.route("https://checkout.stripe.test/**", (route) => route.fulfill({ contentType: "text/html", body: "<h1>Stripe Checkout (test)</h1>" }));
    await signInThroughPage(page, email, "correct-horse-1");
    await page.goto("/opportunities");
    expect(await page.content()).not.toContain(title);

    await page.goto("/membership");
    await expect.poll(() => page.getByTestId("membership-price").textContent()).toContain("10.00");
    await page.getByRole("button", { name: "Pay by card (Stripe)" }).click();
    await page.waitForURL("https://checkout.stripe.test/**");

    const session = app.fake.sessions.at(-1)!;
    const transactionId = session["metadata[transactionId]"];
    const payload = sessionCompleted(`evt_e2e_${Date.now()}`, { id: page.url().split("/").pop()!, transactionId, amount: 1000, currency: "USD" });
    await page.goto(`/payments/return?transaction=${transactionId}`);
    expect(await page.getByTestId("payment-status").textContent()).toContain("Waiting for confirmation");
    const signature = new Stripe("sk_test_signer").webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    const delivered = await fetch(`${app.server.baseUrl}/api/webhooks/stripe`, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": signature }, body: payload });
    expect(delivered.status).toBe(200);
    await expect.poll(() => page.getByTestId("payment-status").textContent(), { timeout: 15_000 }).toContain("Paid");

    await page.goto("/opportunities");
    await expect.poll(async () => (await page.goto("/opportunities"), await page.content()), { timeout: 15_000 }).toContain(title);

    // The admin refunds it from the payments page: the membership ends and the listing is gone again.
    app.fake.pay(payload.match(/"id":"(cs_[^"]+)"/)![1]);
    const adminContext = await app.browser.newContext({ baseURL: app.server.baseUrl, locale: "en-GB", extraHTTPHeaders: { "x-forwarded-for": randomIp() } });
    const adminPage = await adminContext.newPage();
    adminPage.setDefaultTimeout(15_000);
    const credentials = readAdminCredentials(app.server.dataDir);
    await signInThroughPage(adminPage, credentials.email, credentials.password);
    await adminPage.goto("/admin/payments?purpose=membership");
    await adminPage.locator(`a[href="/admin/payments/${transactionId}"]`).click();
    await adminPage.waitForURL(`**/admin/payments/${transactionId}`);
    expect(await adminPage.getByTestId("admin-payment-status").textContent()).toBe("Paid");
    await adminPage.getByLabel("Reason").fill("Cancelled within the cooling-off period");
    await adminPage.getByRole("button", { name: "Refund", exact: true }).click();
    await expect.poll(() => adminPage.getByTestId("admin-payment-status").textContent(), { timeout: 15_000 }).toBe("Refunded");
    expect(await adminPage.getByTestId("admin-refunds").textContent()).toContain("Cancelled within the cooling-off period");
    expect(app.fake.refunds.at(-1)).toMatchObject({ amount: 1000, status: "succeeded" });
    await expect.poll(async () => (await page.goto("/opportunities"), await page.content()), { timeout: 15_000 }).not.toContain(title);
    await adminContext.close();
    await context.close();
  });
});
