import { readFile } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPage, signInThroughPage } from "../support/browser";
import { call, signUpUser, uniqueEmail } from "../support/http";
import { linkFromMail } from "../support/mail-sink";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

describe("accounts in the browser", () => {
  it("a visitor signs up, confirms the address from the mail, edits the profile, signs out and signs in again", async () => {
    const { context, page } = await newPage(browser);
    const email = uniqueEmail("e2e-signup");
    await page.goto("/sign-up");
    await page.getByLabel("Your name").fill("Olena Test");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("e2e-password-1");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL("**/verify-email?sent=1");
    await expect.poll(() => page.getByTestId("verify-outcome").textContent()).toContain("we have emailed you a link");

    await page.goto(await linkFromMail(email, /https?:\/\/\S+\/api\/auth\/verify-email\?\S+/));
    await page.waitForURL("**/verify-email?verified=1");
    await expect.poll(() => page.getByTestId("verify-outcome").textContent()).toContain("Your address is confirmed");
    await signInThroughPage(page, email, "e2e-password-1");
    await page.goto("/account");
    await expect.poll(() => page.getByTestId("my-role").textContent()).toContain("Subscriber");

    await page.getByLabel("Headline").fill("Backend developer");
    await page.getByLabel("Skills").fill("TypeScript, PostgreSQL, typescript");
    await page.getByLabel("Technology").check();
    await page.getByLabel("Open to remote work").check();
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Saved");

    await page.reload();
    expect(await page.getByLabel("Skills").inputValue()).toBe("TypeScript, PostgreSQL");
    expect(await page.getByLabel("Technology").isChecked()).toBe(true);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await expect.poll(() => page.getByRole("link", { name: "Sign in" }).isVisible()).toBe(true);

    await signInThroughPage(page, email, "e2e-password-1");
    await expect.poll(() => page.getByTestId("signed-in-as").textContent()).toContain("Olena Test");
    await context.close();
  });

  it("a wrong password shows the error and keeps the visitor signed out", async () => {
    const { context, page } = await newPage(browser);
    await page.goto("/sign-in");
    // Before hydration the form would submit natively; a loaded machine answers a sign-in in more than a second.
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Email").fill(uniqueEmail("nobody"));
    await page.getByLabel("Password").fill("wrong-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent(), { timeout: 15_000 }).toContain("Invalid email or password");
    await context.close();
  });

  it("the language switcher turns the interface Ukrainian and remembers it", async () => {
    const { context, page } = await newPage(browser);
    await page.goto("/sign-in");
    await page.getByTestId("language-switcher").selectOption("uk");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Вхід");
    await page.goto("/");
    expect(await page.locator("html").getAttribute("lang")).toBe("uk");
    await expect.poll(() => page.getByRole("link", { name: "Приєднатися" }).first().isVisible()).toBe(true);
    await context.close();
  });

  it("signs in with a magic link taken from the delivered mail", async () => {
    const { context, page } = await newPage(browser);
    const { email } = await signUpUser("e2e-magic");
    await page.goto("/forgot-password");
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("link is on its way");

    await page.goto(await linkFromMail(email, /https?:\/\/\S+magic-link\/verify\S+/));
    await page.waitForURL("**/account");
    await expect.poll(() => page.getByTestId("my-role").textContent()).toContain(email);
    await context.close();
  });

  it("resets a forgotten password through the emailed link", async () => {
    const { context, page } = await newPage(browser);
    const { email } = await signUpUser("e2e-reset");
    await page.goto("/forgot-password");
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Email me a password reset link" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("link is on its way");

    await page.goto(await linkFromMail(email, /https?:\/\/\S+reset-password\S+/));
    await page.waitForURL("**/reset-password?token=*");
    await page.getByLabel("New password").fill("new-password-1");
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Your password is changed");
    await signInThroughPage(page, email, "new-password-1");
    await expect.poll(() => page.getByTestId("signed-in-as").textContent()).toContain("Test e2e-reset");
    await context.close();
  });

  it("a member manages an API key, changes the password, downloads their data and deletes the account", async () => {
    // Each step waits on the API and a server refresh of the page; a busy CI machine needs more than a second.
    const slow = { timeout: 15_000 };
    const { context, page } = await newPage(browser);
    const { email } = await signUpUser("e2e-security");
    await signInThroughPage(page, email, "correct-horse-1");
    await page.goto("/account");
    await page.getByTestId("security-link").click();
    await page.waitForURL("**/account/security");

    await page.getByLabel("Key name").fill("backup script");
    await page.getByRole("button", { name: "Create key" }).click();
    const key = (await page.getByTestId("new-api-key").textContent()) ?? "";
    expect(key).toMatch(/^rl_/);
    await expect.poll(() => page.getByTestId("api-key-row").filter({ hasText: "backup script" }).count(), slow).toBe(1);
    expect((await call("/api/v1/me", { token: key })).status).toBe(200);
    await page.getByTestId("api-key-row").filter({ hasText: "backup script" }).getByRole("button", { name: "Revoke" }).click();
    await expect.poll(() => page.getByTestId("api-key-row").count(), slow).toBe(0);
    expect((await call("/api/v1/me", { token: key })).status).toBe(401);
    // The API sign-in after sign-up, and this browser.
    await expect.poll(() => page.getByTestId("session-row").count(), slow).toBe(2);
    await expect.poll(() => page.getByTestId("session-row").filter({ hasText: "This device" }).count(), slow).toBe(1);

    await page.getByLabel("Current password").fill("correct-horse-1");
    await page.getByLabel("New password").fill("second-password-2");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect.poll(() => page.getByTestId("password-form").getByRole("status").textContent(), slow).toContain("Your password is changed");
    // "Also sign out on all other devices" was ticked: only this browser is left, on a new session.
    await expect.poll(() => page.getByTestId("session-row").count(), slow).toBe(1);
    // Ending this device's own session from the list signs the browser out.
    await page.getByTestId("session-row").filter({ hasText: "This device" }).getByRole("button", { name: "Sign out here" }).click();
    await page.waitForURL("**/sign-in");
    await signInThroughPage(page, email, "second-password-2");
    await page.goto("/account/security");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-data").click()]);
    expect(download.suggestedFilename()).toMatch(/^ringlet-export-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(await readFile((await download.path())!, "utf8"));
    expect(exported.account).toMatchObject({ email, name: "Test e2e-security" });

    await page.getByLabel("Your password, to confirm").fill("second-password-2");
    await page.getByRole("button", { name: "Delete my account forever" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await expect.poll(() => page.getByRole("link", { name: "Sign in" }).isVisible(), slow).toBe(true);
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("second-password-2");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent(), slow).toContain("Invalid email or password");
    await context.close();
  });
});
