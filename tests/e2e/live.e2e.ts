import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newPage, signInThroughPage } from "../support/browser";
import { call, userWithRole } from "../support/http";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

describe("live updates over the tunnel", () => {
  it("a posted listing appears in the admin queue, then on another member's browse page, and the matched member's bell rises, all without reload", async () => {
    const fan = await userWithRole("member", "e2e-live-fan");
    const profile = await call("/api/v1/me/profile", {
      method: "PUT",
      token: fan.token,
      body: { headline: "Beekeeper and honey producer", skills: ["beekeeping", "apiculture", "honey extraction"], categories: ["other"] },
    });
    expect(profile.status).toBe(200);

    const fanPage = await newPage(browser);
    await signInThroughPage(fanPage.page, fan.email, fan.password);
    await fanPage.page.goto("/opportunities");
    await expect.poll(() => fanPage.page.getByTestId("live-status").getAttribute("data-status"), { timeout: 15_000 }).toBe("open");
    await fanPage.page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
    const unreadBefore = Number((await fanPage.page.getByTestId("unread-count").textContent().catch(() => "0")) ?? 0);

    const admin = await newPage(browser);
    await signInThroughPage(admin.page, inject("adminEmail"), inject("adminPassword"));
    await admin.page.goto("/admin/opportunities");
    await admin.page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
    await admin.page.waitForTimeout(500);

    const author = await userWithRole("member", "e2e-live-author");
    const title = `Seasonal beekeeping help ${Date.now()}`;
    const created = await call("/api/v1/opportunities", {
      token: author.token,
      body: { title, description: "Help with hive inspections and honey extraction this summer", type: "request", category: "other", skills: ["beekeeping", "honey extraction"], remote: false },
    });
    expect(created.status).toBe(201);

    // The admin's queue page refreshes itself when the listing enters review.
    const card = admin.page.locator(`li[data-title="${title}"]`);
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
    expect(await admin.page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    await card.getByRole("button", { name: "Approve" }).click();

    const banner = fanPage.page.getByTestId("new-listings");
    await expect.poll(() => banner.textContent().catch(() => ""), { timeout: 15_000 }).toContain("1 new listing");
    await expect
      .poll(async () => Number((await fanPage.page.getByTestId("unread-count").textContent().catch(() => "0")) ?? 0), { timeout: 15_000 })
      .toBeGreaterThan(unreadBefore);
    expect(await fanPage.page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

    await banner.getByRole("button", { name: "Show" }).click();
    await expect.poll(() => fanPage.page.getByTestId("opportunity-list").textContent(), { timeout: 10_000 }).toContain(title);
    await fanPage.context.close();
    await admin.context.close();
  });
});
