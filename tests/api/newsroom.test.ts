import { describe, expect, inject, it } from "vitest";
import { call, eventually, signInAdmin, signUpUser, userWithRole } from "../support/http";

/** The global server generates through a fake xAI on 127.0.0.1 (tests/support/fake-generative.ts). */
describe("generative media API", () => {
  it("a member generates images; subscribers may not; bad input is a 400 that changes nothing", async () => {
    const member = await userWithRole("member", "media-member");
    const made = await call("/api/v1/media/images", { token: member.token, body: { prompt: "A community garden at sunset", aspectRatio: "16:9", n: 2 } });
    expect(made.status).toBe(201);
    expect(made.body.items).toHaveLength(2);
    const image = await fetch(`${inject("baseUrl")}${made.body.items[0].url}`);
    expect(image.headers.get("content-type")).toBe("image/png");
    const sub = await signUpUser("media-sub");
    expect((await call("/api/v1/media/images", { token: sub.token, body: { prompt: "Not for subscribers" } })).status).toBe(403);
    const bad = await call("/api/v1/media/images", { token: member.token, body: { prompt: "x", n: 9, aspectRatio: "5:1" } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(expect.arrayContaining(["prompt", "n", "aspectRatio"]));
    const mine = await call("/api/v1/media", { token: member.token });
    expect(mine.body.items).toHaveLength(2);
    expect(mine.body.quota.image).toEqual({ used: 2, limit: 20 });
  });

  it("a video is a 202 job that the worker follows to a stored MP4; others get 404; cancel after done is 409", async () => {
    const member = await userWithRole("member", "video-member");
    const started = await call("/api/v1/media/videos", { token: member.token, body: { prompt: "Drone flight over the ring's village", duration: 5 } });
    expect(started.status).toBe(202);
    expect(["pending", "running"]).toContain(started.body.status);
    const done = await eventually(async () => {
      const res = await call(`/api/v1/media/videos/${started.body.jobId}`, { token: member.token });
      return res.body.status === "done" ? res.body : null;
    }, 20_000);
    expect(done).toMatchObject({ progress: 100, url: expect.stringMatching(/^\/api\/v1\/files\//) });
    const other = await userWithRole("member", "video-other");
    expect((await call(`/api/v1/media/videos/${started.body.jobId}`, { token: other.token })).status).toBe(404);
    expect((await call(`/api/v1/media/videos/${started.body.jobId}/cancel`, { token: member.token, body: {} })).status).toBe(409);
    const notified = await call("/api/v1/me/notifications?limit=10", { token: member.token });
    expect(notified.body.items.map((n: { type: string }) => n.type)).toContain("generation_finished");
  });

  it("admins see the usage ledger; members may not", async () => {
    const usage = await call("/api/v1/admin/media/usage", { token: await signInAdmin() });
    expect(usage.status).toBe(200);
    expect(usage.body.byDay.some((r: { kind: string; units: number }) => r.kind === "image" && r.units >= 2)).toBe(true);
    expect(usage.body.totalUsd).toBeGreaterThan(0);
    const member = await userWithRole("member", "usage-member");
    expect((await call("/api/v1/admin/media/usage", { token: member.token })).status).toBe(403);
  });
});

describe("newsroom API", () => {
  it("an editor (granted by an admin) drafts with AI, reviews and publishes; readers and the feed see it", async () => {
    const admin = await signInAdmin();
    const member = await userWithRole("member", "editor");
    expect((await call("/api/v1/admin/news", { token: member.token, body: { title: "Before the permission", locale: "en" } })).status).toBe(403);
    expect((await call("/api/v1/admin/news/editors", { method: "PUT", token: member.token, body: { email: member.email, editor: true } })).status).toBe(403);
    const granted = await call("/api/v1/admin/news/editors", { method: "PUT", token: admin, body: { email: member.email, editor: true } });
    expect(granted.status).toBe(200);
    const draft = await call("/api/v1/admin/news", { token: member.token, body: { instruction: "Announce the autumn repair café", sources: ["Saturday, 10:00, the library"], locale: "en" } });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ status: "draft", aiGenerated: { text: true, image: false } });
    const id = draft.body.id as string;
    const image = await call(`/api/v1/admin/news/${id}/image`, { token: member.token, body: {} });
    expect(image.body.featuredImageUrl).toMatch(/^\/api\/v1\/files\//);
    expect((await call(`/api/v1/admin/news/${id}/status`, { token: member.token, body: { status: "published" } })).status).toBe(409);
    expect((await call(`/api/v1/admin/news/${id}/status`, { token: member.token, body: { status: "sideways" } })).status).toBe(400);
    await call(`/api/v1/admin/news/${id}`, { method: "PATCH", token: member.token, body: { tags: ["Repair café"] } });
    await call(`/api/v1/admin/news/${id}/status`, { token: member.token, body: { status: "in_review" } });
    const published = await call(`/api/v1/admin/news/${id}/status`, { token: member.token, body: { status: "published" } });
    expect(published.status).toBe(200);
    const slug = published.body.slug as string;
    const read = await call(`/api/v1/news/${slug}`);
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty("generation");
    expect(read.body.tags).toEqual(["repair-café"]);
    const tagged = await call(`/api/v1/news?tag=${encodeURIComponent("repair-café")}`);
    expect(tagged.body.items.map((a: { slug: string }) => a.slug)).toContain(slug);
    const rss = await call("/feed.xml");
    expect(rss.headers.get("content-type")).toContain("application/rss+xml");
    expect(String(rss.body)).toContain(`/news/${slug}`);
    expect(String(rss.body)).toContain("Written with AI assistance.");
    expect(String(rss.body)).not.toContain("<script>alert(1)</script>");
    const translated = await call(`/api/v1/admin/news/${id}/translate`, { token: member.token, body: { locale: "uk" } });
    expect(translated.status).toBe(201);
    expect(translated.body).toMatchObject({ locale: "uk", translationOf: id, status: "draft" });
    expect((await call(`/api/v1/admin/news/${id}/translate`, { token: member.token, body: { locale: "uk" } })).status).toBe(409);
  });

  it("unknown articles are 404; a bad cursor is a 400", async () => {
    expect((await call("/api/v1/news/no-such-article-000000")).status).toBe(404);
    expect((await call("/api/v1/news/BAD SLUG")).status).toBe(404);
    expect((await call("/api/v1/news?cursor=garbage")).status).toBe(400);
    expect((await call("/api/v1/admin/news/00000000-0000-0000-0000-000000000000", { token: await signInAdmin() })).status).toBe(404);
  });
});
