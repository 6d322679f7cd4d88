import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inboundSignature } from "@/src/modules/email/inbound";
import { launchBrowser, signInThroughPage } from "../support/browser";
import { readAdminCredentials, startServer, type StartedServer } from "../support/global-server";
import { eventually, randomIp } from "../support/http";
import { startTestSmtp, type TestSmtp } from "../support/smtp";

const SECRET = "e2e-inbound-email-secret-0123";
let browser: Browser;
let server: StartedServer;
let smtp: TestSmtp;

beforeAll(async () => {
  browser = await launchBrowser();
  smtp = await startTestSmtp();
  server = await startServer({ SEED_DEMO: "false", SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, EMAIL_INBOUND_SECRET: SECRET, MAIL_FROM: "Ring <info@ring.example.org>" });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

describe("the inbox in the browser", () => {
  it("an admin opens a thread, edits the drafted reply and sends it; the reply arrives threaded at the SMTP server", async () => {
    const messageId = `<e2e-${Date.now()}@school.example>`;
    const raw = JSON.stringify({ messageId, from: { address: "maria@school.example", name: "Maria Petrenko" }, to: "info@ring.example.org", subject: "Волонтерство для студентів", text: "Доброго дня! Як знайти волонтерські можливості для моїх студентів?", date: new Date().toISOString() });
    const pushed = await fetch(`${server.baseUrl}/api/webhooks/email/inbound`, { method: "POST", headers: { "content-type": "application/json", "x-ringlet-signature": inboundSignature(SECRET, raw), "x-forwarded-for": randomIp() }, body: raw });
    expect(pushed.status).toBe(200);

    const context = await browser.newContext({ baseURL: server.baseUrl, locale: "en-GB", extraHTTPHeaders: { "x-forwarded-for": randomIp() } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const admin = readAdminCredentials(server.dataDir);
    await signInThroughPage(page, admin.email, admin.password);
    await page.goto("/admin/email");
    await page.getByRole("link", { name: "Волонтерство для студентів" }).click();
    expect(await page.getByTestId("classification").first().textContent()).toContain("Language: uk");
    const editor = page.getByLabel("Reply");
    expect(await editor.inputValue()).toMatch(/^Вітаємо, Maria!/);
    await editor.fill("Вітаємо, Марія! Оберіть «Можливості» й фільтр «Освіта». З повагою, команда");
    await page.getByRole("button", { name: "Save edit" }).click();
    await expect.poll(() => page.getByTestId("draft-status").textContent()).toBe("Edited");
    await page.getByRole("button", { name: "Send" }).click();
    await expect.poll(() => page.getByTestId("draft-status").textContent()).toBe("Sent");
    expect(await page.getByTestId("thread-status").textContent()).toBe("Answered");

    const mail = await eventually(async () => smtp.received.find((m) => m.to.includes("maria@school.example")), 15_000);
    expect(mail.data).toContain(`In-Reply-To: ${messageId}`);
    expect(mail.data).toMatch(/Subject: =\?UTF-8\?|Subject: Re:/);

    const run = await page.request.post("/api/v1/admin/processes/email-analytics/run", { data: {} });
    expect(run.status()).toBeLessThan(300);
    await expect.poll(async () => (await page.goto("/admin/email/analytics"), await page.getByTestId("email-totals").textContent().catch(() => "")), { timeout: 15_000 }).toMatch(/Received\s*1.*Replies sent\s*1/s);

    await page.goto("/admin/email");
    await page.getByRole("link", { name: "Knowledge base →" }).click();
    await page.getByLabel("Topic").fill("Student volunteering");
    await page.getByLabel("What to say").fill("Students filter opportunities by Education and apply with a short message.");
    await page.getByRole("button", { name: "Add fact" }).click();
    await expect.poll(() => page.getByTestId("facts").textContent().catch(() => "")).toContain("Student volunteering");
    await context.close();
  });
});
