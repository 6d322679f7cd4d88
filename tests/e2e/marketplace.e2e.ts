import { randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newPage, signInThroughPage } from "../support/browser";
import { activeListing, call, signUpUser, userWithRole } from "../support/http";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

describe("the marketplace in the browser", () => {
  it("a member creates an organisation and a listing, an admin approves it, a visitor finds it by a Ukrainian word", async () => {
    const member = await userWithRole("member", "e2e-member");
    // A made-up Cyrillic stem, so only this listing can match; the text inflects it one way, the search another.
    const stem = [...randomBytes(6)].map((b) => "бвгджзклмнпрстфхцчшщ"[b % 20]).join("");
    const word = `${stem}ів`;
    const { context, page } = await newPage(browser);
    await signInThroughPage(page, member.email, member.password);

    await page.goto("/entities/new");
    await page.getByLabel("Name").fill("Черепашки ніндзя ГО");
    await page.getByLabel("Type").selectOption("non_profit");
    await page.getByLabel("Full description").fill("Громадська організація, що рятує черепах у Дніпрі.");
    await page.getByLabel("Tags").fill("екологія, тварини");
    await page.getByRole("button", { name: "Create" }).click();
    await page.waitForURL(/\/entities\/[0-9a-f-]{36}$/);
    const entityUrl = page.url();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Черепашки ніндзя ГО");

    await page.goto("/opportunities/new");
    await page.getByLabel("Title").fill(`Потрібні волонтери для порятунку ${word}`);
    await page.getByLabel("Type").selectOption("partnership");
    await page.getByLabel("Category").selectOption("other");
    await page.getByLabel("Description").fill(`Щосуботи рятуємо ${word} на березі Дніпра. Потрібні руки та човен.`);
    await page.getByLabel("Skills").fill("волонтерство, човен");
    await page.getByLabel("On behalf of").selectOption({ label: "Черепашки ніндзя ГО" });
    await page.getByRole("button", { name: "Submit for review" }).click();
    await page.waitForURL(/\/opportunities\/[0-9a-f-]{36}$/);
    const listingUrl = page.url();
    await expect.poll(() => page.getByTestId("opportunity-status").textContent()).toBe("Waiting for review");
    await context.close();

    const visitorBefore = await newPage(browser);
    await visitorBefore.page.goto(`/opportunities?q=${encodeURIComponent(word)}`);
    await expect.poll(() => visitorBefore.page.getByTestId("opportunity-card").count()).toBe(0);
    await visitorBefore.context.close();

    const admin = await newPage(browser);
    await signInThroughPage(admin.page, inject("adminEmail"), inject("adminPassword"));
    await admin.page.goto("/admin/opportunities");
    const card = admin.page.locator(`li[data-title*="${word}"]`);
    await card.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => admin.page.locator(`li[data-title*="${word}"]`).count()).toBe(0);
    await admin.context.close();

    const visitor = await newPage(browser);
    await visitor.page.goto("/opportunities");
    await visitor.page.getByLabel("Search titles, descriptions and skills").fill(`${stem}ам`);
    await visitor.page.getByRole("button", { name: "Apply filters" }).click();
    await expect.poll(() => visitor.page.getByTestId("opportunity-card").count()).toBe(1);
    await visitor.page.getByTestId("opportunity-card").getByRole("link").click();
    await visitor.page.waitForURL(listingUrl);
    await visitor.page.goto(entityUrl);
    await expect.poll(() => visitor.page.getByTestId("opportunity-card").count()).toBe(1);
    await visitor.context.close();
  });

  it("a subscriber applies to a listing and sees the application; the author sees the applicant", async () => {
    const author = await signUpUser("e2e-author");
    const listing = await activeListing(author.token, { title: "Need a logo for a reading club" });
    const applicant = await signUpUser("e2e-applicant");
    const { context, page } = await newPage(browser);
    await signInThroughPage(page, applicant.email, applicant.password);
    await page.goto(`/opportunities/${listing.id}`);
    await page.getByLabel("Your message to the author").fill("I design logos for book clubs, portfolio attached.");
    await page.getByRole("button", { name: "Send application" }).click();
    await expect.poll(() => page.getByTestId("my-application").textContent()).toContain("Submitted");
    await page.goto("/opportunities/mine");
    await expect.poll(() => page.getByTestId("my-applications").textContent()).toContain("Need a logo for a reading club");
    await context.close();

    const authorView = await newPage(browser);
    await signInThroughPage(authorView.page, author.email, author.password);
    await authorView.page.goto(`/opportunities/${listing.id}/applications`);
    await expect.poll(() => authorView.page.getByTestId("applications").textContent()).toContain(applicant.email);
    await authorView.page.getByRole("button", { name: "Shortlist" }).click();
    await expect.poll(() => authorView.page.getByTestId("applications").textContent()).toContain("Shortlisted");
    await authorView.context.close();
  });

  it("a confidential listing is invisible to a member and visible to a confidential user", async () => {
    const insider = await userWithRole("confidential", "e2e-insider");
    const title = `Quiet project ${randomBytes(3).toString("hex")}`;
    const listing = await activeListing(insider.token, { title, type: "job", visibility: "confidential" });

    const member = await userWithRole("member", "e2e-outsider");
    const outsider = await newPage(browser);
    await signInThroughPage(outsider.page, member.email, member.password);
    await outsider.page.goto("/opportunities");
    expect(await outsider.page.content()).not.toContain(title);
    const direct = await outsider.page.goto(`/opportunities/${listing.id}`);
    expect(direct?.status()).toBe(404);
    await outsider.page.goto("/confidential");
    await expect.poll(() => outsider.page.getByText("Confidential members only").isVisible()).toBe(true);
    await outsider.context.close();

    const viewer = await userWithRole("confidential", "e2e-viewer");
    const inside = await newPage(browser);
    await signInThroughPage(inside.page, viewer.email, viewer.password);
    await inside.page.goto("/confidential");
    await expect.poll(() => inside.page.getByText(title).isVisible()).toBe(true);
    await inside.page.goto(`/opportunities/${listing.id}`);
    await expect.poll(() => inside.page.getByRole("heading", { level: 1 }).textContent()).toBe(title);
    await inside.context.close();

    expect((await call(`/api/v1/opportunities/${listing.id}`, { token: member.token })).status).toBe(404);
  });
});
