import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newPage, signInThroughPage } from "../support/browser";
import { call, signInAdmin, userWithRole } from "../support/http";

/** The global server generates through a fake xAI on 127.0.0.1 (tests/support/fake-generative.ts). */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

describe("the newsroom in the browser", () => {
  it("an editor drafts an article with AI, adds a generated image, publishes it; it is on the news page and in the feed", async () => {
    const editor = await userWithRole("member", "e2e-editor");
    expect((await call("/api/v1/admin/news/editors", { method: "PUT", token: await signInAdmin(), body: { email: editor.email, editor: true } })).status).toBe(200);
    const { context, page } = await newPage(browser);
    await signInThroughPage(page, editor.email, editor.password);
    await page.getByRole("link", { name: "Newsroom" }).click();
    await page.getByLabel("What should the article say?").fill("Announce the winter coat drive at the community centre");
    await page.getByLabel("Sources (optional)").fill("Coats collected every Saturday in December.\n\nVolunteers welcome.");
    await page.getByRole("button", { name: "Draft with AI" }).click();
    await page.waitForURL(/\/newsroom\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId("article-status").textContent()).toBe("Draft");
    expect(await page.getByTestId("ai-label").textContent()).toBe("Written with AI");
    const title = await page.getByLabel("Title").inputValue();
    expect(title).toMatch(/^Ring news: Instruction: Announce the winter coat drive/);
    // The model's raw HTML is shown as text, never run.
    expect(await page.getByTestId("preview").innerHTML()).toContain("&lt;script&gt;");

    await page.getByLabel("Tags").fill("Winter, Volunteering");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved.").waitFor();
    await page.getByRole("button", { name: "Generate image" }).click();
    await expect.poll(() => page.getByTestId("ai-label").textContent()).toBe("Written with AI, AI image");
    expect(await page.getByTestId("editor-image").getAttribute("src")).toMatch(/^\/api\/v1\/files\//);

    await page.getByRole("button", { name: "Send for review" }).click();
    await expect.poll(() => page.getByTestId("article-status").textContent()).toBe("In review");
    await page.getByRole("button", { name: "Publish now" }).click();
    await expect.poll(() => page.getByTestId("article-status").textContent()).toBe("Published");

    await page.goto("/news");
    await page.getByRole("link", { name: title }).click();
    await page.waitForURL(/\/news\/ring-news-/);
    expect(await page.getByRole("heading", { level: 1 }).first().textContent()).toBe(title);
    expect(await page.getByTestId("ai-label").textContent()).toBe("Written with AI, AI image");
    expect(await page.getByTestId("featured-image").isVisible()).toBe(true);
    expect(await page.getByTestId("article-body").innerHTML()).not.toContain("<script>");
    await page.getByRole("link", { name: "#winter" }).click();
    await page.waitForURL(/\/news\/tag\/winter$/);
    expect(await page.getByTestId("news-list").textContent()).toContain(title);

    const feed = await (await fetch(`${inject("baseUrl")}/feed.xml`)).text();
    expect(feed).toContain(`<title><![CDATA[${title}]]></title>`);
    await context.close();
  });

  it("a member makes an image and a video in the media studio; the video's progress shows until it is ready", async () => {
    const member = await userWithRole("member", "e2e-media");
    const { context, page } = await newPage(browser);
    await signInThroughPage(page, member.email, member.password);
    await page.getByRole("link", { name: "Media" }).click();
    expect(await page.getByTestId("quota").textContent()).toBe("Left today: 20 images, 3 videos.");
    await page.getByLabel("Describe it").first().fill("A lantern festival by the river");
    await page.getByRole("button", { name: "Generate image" }).click();
    await expect.poll(() => page.getByTestId("gallery").locator("img").count()).toBe(1);
    await page.getByLabel("Describe it").nth(1).fill("Lanterns rising slowly into the night sky");
    await page.getByLabel("Start from image").selectOption({ label: "A lantern festival by the river" });
    await page.getByRole("button", { name: "Start video" }).click();
    await expect.poll(() => page.getByTestId("job-status").first().textContent(), { timeout: 20_000 }).toBe("Ready");
    expect(await page.getByTestId("video-job").first().locator("video").getAttribute("src")).toMatch(/^\/api\/v1\/files\//);
    await context.close();
  });

  it("the news page speaks Ukrainian to a Ukrainian browser", async () => {
    const { context, page } = await newPage(browser, "uk-UA");
    await page.goto("/news");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Новини");
    await context.close();
  });
});
