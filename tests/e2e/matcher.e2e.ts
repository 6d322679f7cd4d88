import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newPage, signInThroughPage } from "../support/browser";
import { call, userWithRole } from "../support/http";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

describe("matching in the browser", () => {
  it("a member with matching skills gets a notification after another member's listing is approved; the admin sees the match table", async () => {
    const fan = await userWithRole("member", "e2e-fan");
    const fanPage = await newPage(browser);
    await signInThroughPage(fanPage.page, fan.email, fan.password);
    await fanPage.page.goto("/account");
    await fanPage.page.getByLabel("Headline").fill("Translator English to Ukrainian");
    await fanPage.page.getByLabel("Skills").fill("translation, localization, terminology");
    await fanPage.page.getByLabel("Localisation").check();
    await fanPage.page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => fanPage.page.getByRole("status").first().textContent()).toContain("Saved");

    const author = await userWithRole("member", "e2e-poster");
    const created = await call("/api/v1/opportunities", {
      token: author.token,
      body: { title: "Translate our help centre into Ukrainian", description: "Localization of 300 help articles, glossary included", type: "offer", category: "localization", skills: ["translation", "localization"], remote: true },
    });

    const admin = await newPage(browser);
    await signInThroughPage(admin.page, inject("adminEmail"), inject("adminPassword"));
    await admin.page.goto("/admin/opportunities");
    const card = admin.page.locator(`li[data-title="Translate our help centre into Ukrainian"]`);
    await expect.poll(() => card.textContent(), { timeout: 15_000 }).toContain("Auto-approval is off");
    await card.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => card.count()).toBe(0);

    await admin.page.goto(`/opportunities/${created.body.id}`);
    await expect.poll(async () => (await admin.page.getByTestId("match-table").textContent()) ?? "", { timeout: 15_000 }).toContain("2 of 2 skills");
    await admin.page.goto("/admin/matcher");
    await expect.poll(() => admin.page.getByTestId("matcher-analytics").textContent()).toContain("Auto-approval is off");

    await expect
      .poll(
        async () => {
          await fanPage.page.goto("/");
          return fanPage.page.getByTestId("unread-count").textContent().catch(() => null);
        },
        { timeout: 15_000 },
      )
      .toMatch(/^[1-9]/);
    await fanPage.page.getByTestId("notification-bell").click();
    await fanPage.page.waitForURL("**/notifications");
    await expect.poll(() => fanPage.page.getByTestId("notification-list").textContent()).toContain("Translate our help centre into Ukrainian");
    await fanPage.page.getByRole("link", { name: /Translate our help centre/ }).click();
    await fanPage.page.waitForURL(`**/opportunities/${created.body.id}`);
    await fanPage.context.close();
    await admin.context.close();
  });
});
