import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newPage, signInThroughPage } from "../support/browser";
import { call, userWithRole } from "../support/http";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

const dir = mkdtempSync(path.join(os.tmpdir(), "ringlet-e2e-"));
const pdf = path.join(dir, "certificate.pdf");
writeFileSync(pdf, "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

/** An upload, an API call and a refresh: seconds on a busy CI machine. */
const SLOW = { timeout: 15_000 };

const submittedCount = async (page: Page) => ((await page.getByTestId("verification-panel").textContent()) ?? "").split("submitted").length - 1;

async function attachAll(page: Page) {
  for (const label of ["Upload (PDF, PNG or JPEG, up to 10 MB): Registration certificate", "Upload (PDF, PNG or JPEG, up to 10 MB): Representative’s ID"]) {
    const before = await submittedCount(page);
    await page.getByLabel(label, { exact: true }).setInputFiles(pdf);
    await expect.poll(() => submittedCount(page), SLOW).toBe(before + 1);
  }
  expect(await page.getByTestId("verification-panel").textContent()).not.toContain("missing");
}

describe("verification in the browser", () => {
  it("owner requests with documents, admin claims and requests changes, owner resubmits, admin approves, the badge appears; the owner's rename ends it", async () => {
    const owner = await userWithRole("member", "e2e-vrf-owner");
    const name = `Kyiv Beekeepers Cooperative ${Date.now()}`;
    const org = await call("/api/v1/entities", { token: owner.token, body: { name, type: "other", description: "Honey from 40 family apiaries" } });
    const o = await newPage(browser);
    await signInThroughPage(o.page, owner.email, owner.password);
    await o.page.goto(`/entities/${org.body.id}`);
    await o.page.getByRole("button", { name: "Request verification" }).click();
    await expect.poll(() => o.page.getByTestId("verification-status").textContent(), SLOW).toContain("Draft");
    await attachAll(o.page);
    await o.page.getByRole("button", { name: "Submit for review" }).click();
    await expect.poll(() => o.page.getByTestId("verification-status").textContent(), SLOW).toContain("Submitted");

    const admin = await newPage(browser);
    await signInThroughPage(admin.page, inject("adminEmail"), inject("adminPassword"));
    await admin.page.goto("/admin/verifications");
    const card = admin.page.locator(`li[data-name="${name}"]`);
    await card.getByRole("button", { name: "Claim" }).click();
    await expect.poll(() => card.textContent(), SLOW).toContain("Under review");
    await card.getByLabel("Reason: Registration certificate").fill("The scan is unreadable");
    await card.getByRole("button", { name: "Reject" }).first().click();
    await expect.poll(() => card.textContent(), SLOW).toContain("rejected");
    await card.getByLabel("Note").fill("Please upload a clearer certificate");
    await card.getByRole("button", { name: "Request changes" }).click();
    await expect.poll(() => card.count(), SLOW).toBe(0);

    await o.page.reload();
    await expect.poll(() => o.page.getByTestId("verification-status").textContent(), SLOW).toContain("Changes requested");
    expect(await o.page.getByTestId("verification-panel").textContent()).toContain("The scan is unreadable");
    await o.page.getByLabel("Upload (PDF, PNG or JPEG, up to 10 MB): Registration certificate", { exact: true }).setInputFiles(pdf);
    await expect.poll(() => o.page.getByTestId("verification-panel").textContent(), SLOW).not.toContain("unreadable");
    await o.page.getByRole("button", { name: "Submit for review" }).click();
    await expect.poll(() => o.page.getByTestId("verification-status").textContent(), SLOW).toContain("Submitted");

    await admin.page.reload();
    await card.getByRole("button", { name: "Claim" }).click();
    await expect.poll(() => card.textContent(), SLOW).toContain("Under review");
    await card.getByLabel("Note").fill("Documents in order");
    await card.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => card.count(), SLOW).toBe(0);

    const visitor = await newPage(browser);
    await visitor.page.goto(`/entities/${org.body.id}`);
    await expect.poll(() => visitor.page.getByTestId("verified-badge").count(), SLOW).toBe(1);
    await visitor.page.goto(`/entities?verified=true&q=${encodeURIComponent("Kyiv Beekeepers")}`);
    expect(await visitor.page.content()).toContain(name);

    // The badge vouches for the checked name: the owner's rename ends it, and they may ask again.
    await o.page.goto(`/entities/${org.body.id}/edit`);
    await o.page.getByLabel("Name", { exact: true }).fill(`${name} and Sons`);
    await o.page.getByRole("button", { name: "Save changes" }).click();
    await o.page.waitForURL(`**/entities/${org.body.id}`);
    await expect.poll(async () => (await o.page.reload(), await o.page.getByTestId("verification-status").textContent()), SLOW).toContain("Verification revoked");
    expect(await o.page.getByRole("button", { name: "Request verification" }).count()).toBe(1);
    await visitor.page.goto(`/entities/${org.body.id}`);
    expect(await visitor.page.getByTestId("verified-badge").count()).toBe(0);
    for (const p of [o, admin, visitor]) await p.context.close();
  });
});
