import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newPage, signInThroughPage } from "../support/browser";
import { call, userWithRole } from "../support/http";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

describe("moderation in the browser", () => {
  it("a member reports an organisation, the admin hides it, it disappears for everyone, the owner appeals", async () => {
    const owner = await userWithRole("member", "e2e-mod-owner");
    const name = `Suspicious Savings Club ${Date.now()}`;
    const org = await call("/api/v1/entities", { token: owner.token, body: { name, type: "other", description: "Guaranteed returns of 40 % a month" } });
    expect(org.status).toBe(201);

    const reporter = await userWithRole("member", "e2e-mod-reporter");
    const r = await newPage(browser);
    await signInThroughPage(r.page, reporter.email, reporter.password);
    await r.page.goto(`/entities/${org.body.id}`);
    await r.page.getByRole("button", { name: "Report" }).click();
    await r.page.getByLabel("Reason").selectOption("fraud");
    await r.page.getByLabel("What is wrong?").fill("Promises impossible returns and asks for deposits");
    await r.page.getByRole("button", { name: "Send report" }).click();
    await expect.poll(() => r.page.getByRole("status").first().textContent().catch(() => "")).toContain("Thank you");

    const admin = await newPage(browser);
    await signInThroughPage(admin.page, inject("adminEmail"), inject("adminPassword"));
    await admin.page.goto("/admin/moderation");
    const item = admin.page.locator(`li[data-name="${name}"]`);
    await expect.poll(() => item.textContent()).toContain("Promises impossible returns");
    await item.getByLabel("Note (required)").fill("Investment scam");
    await item.getByRole("button", { name: "Hide" }).click();
    await expect.poll(() => item.count()).toBe(0);

    expect((await r.page.goto(`/entities/${org.body.id}`))?.status()).toBe(404);
    expect(await r.page.content()).not.toContain(name);
    await r.page.goto(`/entities?q=${encodeURIComponent("Suspicious Savings")}`);
    expect(await r.page.content()).not.toContain(name);

    const o = await newPage(browser);
    await signInThroughPage(o.page, owner.email, owner.password);
    await o.page.goto(`/entities/${org.body.id}`);
    await expect.poll(() => o.page.getByTestId("hidden-notice").textContent()).toContain("hidden by the moderators");
    await o.page.getByRole("textbox", { name: "Appeal" }).fill("We are a registered cooperative; here is our licence number 12345");
    await o.page.getByRole("button", { name: "Send appeal" }).click();
    await expect.poll(() => o.page.getByTestId("appeal-status").textContent()).toContain("waiting for a decision");

    await admin.page.reload();
    await expect.poll(() => admin.page.locator(`li[data-name="${name}"]`).textContent()).toContain("registered cooperative");
    for (const p of [r, admin, o]) await p.context.close();
  });
});
