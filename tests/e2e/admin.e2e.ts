import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newPage, signInThroughPage } from "../support/browser";
import { call, signUpUser, uniqueEmail } from "../support/http";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

describe("admin pages", () => {
  it("an admin finds a user and changes their role; it shows in the audit log", async () => {
    const user = await signUpUser("e2e-role");
    const { context, page } = await newPage(browser);
    await signInThroughPage(page, inject("adminEmail"), inject("adminPassword"));
    await page.goto("/admin/users");
    await page.getByLabel("Search by name or email").fill(user.email);
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL("**/admin/users?**");
    await page.getByLabel(`Change role: ${user.email}`).selectOption("member");
    await expect.poll(() => page.getByText("Role changed").isVisible()).toBe(true);

    const me = await call("/api/v1/me", { token: user.token });
    expect(me.body.role).toBe("member");

    await page.goto("/admin/audit?action=user.role_changed");
    await expect.poll(() => page.getByTestId("audit-table").textContent()).toContain(user.email);
    await context.close();
  });

  it("an admin marks a new account's address verified, and it can sign in", async () => {
    const email = uniqueEmail("e2e-unverified");
    expect((await call("/api/v1/auth/sign-up", { body: { email, password: "correct-horse-1", name: "Unverified" } })).status).toBe(201);
    expect((await call("/api/v1/auth/sign-in", { body: { email, password: "correct-horse-1" } })).status).toBe(403);
    const { context, page } = await newPage(browser);
    await signInThroughPage(page, inject("adminEmail"), inject("adminPassword"));
    await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
    // A click before the page has hydrated does nothing.
    await page.waitForLoadState("networkidle");
    const row = page.locator(`tr[data-email="${email}"]`);
    await row.getByRole("button", { name: `Mark verified: ${email}` }).click();
    await expect.poll(() => row.getByText("Verified", { exact: true }).count(), { timeout: 15_000 }).toBe(1);
    expect((await call("/api/v1/auth/sign-in", { body: { email, password: "correct-horse-1" } })).status).toBe(200);
    await context.close();
  });

  it("an admin edits a setting, and sees an env-pinned one read-only", async () => {
    const { context, page } = await newPage(browser);
    await signInThroughPage(page, inject("adminEmail"), inject("adminPassword"));
    await page.goto("/admin/settings");
    const pinnedRow = page.locator('tr[data-setting="MATCHER_RERANK_TOP_K"]');
    expect(await pinnedRow.getAttribute("data-source")).toBe("env");
    expect(await pinnedRow.locator("input, select").count()).toBe(0);
    await expect.poll(() => pinnedRow.textContent()).toContain("Pinned by environment variable");

    const row = page.locator('tr[data-setting="MATCHER_SCORE_THRESHOLD"]');
    await row.getByLabel("MATCHER_SCORE_THRESHOLD", { exact: true }).fill("72");
    await row.getByRole("button", { name: "Save MATCHER_SCORE_THRESHOLD" }).click();
    await expect.poll(() => page.locator('tr[data-setting="MATCHER_SCORE_THRESHOLD"]').getAttribute("data-source")).toBe("db");
    await page.reload();
    expect(await page.locator('tr[data-setting="MATCHER_SCORE_THRESHOLD"]').getByLabel("MATCHER_SCORE_THRESHOLD", { exact: true }).inputValue()).toBe("72");
    await context.close();
  });

  it("a non-admin gets the not-found page, not the data", async () => {
    const user = await signUpUser("e2e-nonadmin");
    const { context, page } = await newPage(browser);
    await signInThroughPage(page, user.email, user.password);
    const response = await page.goto("/admin/users");
    expect(response?.status()).toBe(404);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Page not found");
    expect(await page.getByTestId("users-table").count()).toBe(0);
    await context.close();
  });
});

describe("processes page", () => {
  it("an admin runs a pipeline now and sees the run in the history with its stats", async () => {
    const { context, page } = await newPage(browser);
    await signInThroughPage(page, inject("adminEmail"), inject("adminPassword"));
    await page.goto("/admin/processes");
    await page.getByRole("button", { name: "Run now: opportunity-expiry" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Started" }).count()).toBe(1);
    await expect
      .poll(async () => {
        await page.goto("/admin/processes?pipeline=opportunity-expiry&trigger=manual");
        return page.getByTestId("runs").textContent().catch(() => "");
      })
      .toContain("succeeded");
    await page.getByTestId("runs").getByRole("link").first().click();
    await expect.poll(() => page.getByTestId("run-stats").textContent()).toContain("expired");
    await context.close();
  });
});
