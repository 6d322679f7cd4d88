import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { activeListing, call, eventually, signInAdmin, signUpUser, userWithRole } from "../support/http";
import { apiKeyFor, connectMcp, type RingMcp } from "../support/mcp-client";

/** The MCP server driven by the SDK's client: every tool, as the roles that may and may not use it. */
let subscriber: RingMcp;
let member: RingMcp;
let admin: RingMcp;
beforeAll(async () => {
  const sub = await signUpUser("mcp-sub");
  const mem = await userWithRole("member", "mcp-member");
  subscriber = await connectMcp(await apiKeyFor(sub.token));
  member = await connectMcp(await apiKeyFor(mem.token));
  admin = await connectMcp(await apiKeyFor(await signInAdmin()));
});
afterAll(async () => {
  await Promise.all([subscriber?.close(), member?.close(), admin?.close()]);
});

describe("MCP server at /api/mcp", () => {
  it("refuses a caller without a key", async () => {
    await expect(connectMcp(null)).rejects.toThrow(/401|Unauthorized|unauthenticated/i);
    const raw = await call("/api/mcp", { body: { jsonrpc: "2.0", id: 1, method: "tools/list" } });
    expect(raw.status).toBe(401);
    expect(raw.headers.get("www-authenticate")).toContain("Bearer");
  });

  it("offers the ring's tools and resources", async () => {
    const { tools } = await member.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      ["entities_search", "entity_get", "matcher_explain", "news_draft", "notifications_list", "opportunities_search", "opportunity_create", "opportunity_get", "process_run", "ring-image-create", "ring-video-create", "ring-video-status"].sort(),
    );
    const { resources } = await member.client.listResources();
    expect(resources.map((r) => r.uri).sort()).toEqual(["ring://categories", "ring://config"]);
    const categories = await member.client.readResource({ uri: "ring://categories" });
    expect(JSON.parse((categories.contents[0] as { text: string }).text).categories.length).toBeGreaterThan(5);
    const config = JSON.parse(((await member.client.readResource({ uri: "ring://config" })).contents[0] as { text: string }).text);
    expect(config).toMatchObject({ locales: ["en", "uk"], modules: { newsroom: true } });
  });

  it("opportunities: create, get and search act as the caller; a members-only listing is invisible to a subscriber", async () => {
    const created = await member.tool("opportunity_create", { title: "MCP-made listing", description: "Created through the MCP server by a member", type: "request", category: "technology" });
    expect(created).toMatchObject({ title: "MCP-made listing", status: "pending" });
    expect((await member.tool("opportunity_get", { id: created.id })).title).toBe("MCP-made listing");
    expect(await subscriber.tool("opportunity_get", { id: created.id })).toMatchObject({ error: { code: "not_found" } });
    const bad = await member.tool("opportunity_create", { title: "x", description: "short", type: "request", category: "nope" });
    expect(bad.error.code).toBe("validation_failed");
    expect(Object.keys(bad.error.fields)).toEqual(expect.arrayContaining(["title", "description", "category"]));
    const hidden = await activeListing((await userWithRole("member", "mcp-owner")).token, { title: "Members only via MCP", visibility: "member" });
    expect(await subscriber.tool("opportunity_get", { id: hidden.id })).toMatchObject({ error: { code: "not_found" } });
    const found = await member.tool("opportunities_search", { q: "Members only via MCP" });
    expect(found.items.map((i: { id: string }) => i.id)).toContain(hidden.id);
    const notFound = await subscriber.tool("opportunities_search", { q: "Members only via MCP" });
    expect(notFound.items).toHaveLength(0);
  });

  it("organisations and notifications", async () => {
    const owner = await userWithRole("member", "mcp-org");
    const org = await call("/api/v1/entities", { token: owner.token, body: { name: "MCP Cooperative", type: "other", description: "An organisation for the MCP test" } });
    expect((await member.tool("entity_get", { id: org.body.id })).name).toBe("MCP Cooperative");
    expect((await member.tool("entities_search", { q: "MCP Cooperative" })).items.map((e: { id: string }) => e.id)).toContain(org.body.id);
    const notes = await member.tool("notifications_list", { limit: 5 });
    expect(Array.isArray(notes.items)).toBe(true);
  });

  it("matcher_explain: admins, the member themself, the listing owner once the member applied; anyone else is refused", async () => {
    const fan = await userWithRole("member", "mcp-fan");
    await call("/api/v1/me/profile", { method: "PUT", token: fan.token, body: { headline: "Beekeeper", skills: ["beekeeping"], categories: ["technology"], remote: true, languages: ["en"] } });
    const owner = await userWithRole("member", "mcp-hive");
    const listing = await activeListing(owner.token, { title: "Beekeeping help wanted", description: "Help with beekeeping this spring", category: "technology", skills: ["beekeeping"], remote: true });
    const explained = await eventually(async () => {
      const res = await admin.tool("matcher_explain", { opportunityId: listing.id, userId: fan.id });
      return res.error ? null : res;
    }, 15_000);
    expect(explained.score).toBeGreaterThan(0);
    const fanMcp = await connectMcp(await apiKeyFor(fan.token));
    expect((await fanMcp.tool("matcher_explain", { opportunityId: listing.id, userId: fan.id })).score).toBe(explained.score);
    await fanMcp.close();
    // The listing's author reads a member's explanation only once that member has applied.
    const ownerMcp = await connectMcp(await apiKeyFor(owner.token));
    expect(await ownerMcp.tool("matcher_explain", { opportunityId: listing.id, userId: fan.id })).toMatchObject({ error: { code: "not_found" } });
    expect((await call(`/api/v1/opportunities/${listing.id}/applications`, { token: fan.token, body: { message: "I keep bees and would love to help" } })).status).toBe(201);
    expect((await ownerMcp.tool("matcher_explain", { opportunityId: listing.id, userId: fan.id })).score).toBe(explained.score);
    await ownerMcp.close();
    expect(await member.tool("matcher_explain", { opportunityId: listing.id, userId: fan.id })).toMatchObject({ error: { code: "not_found" } });
  });

  it("ring-image-create and ring-video-create for members; subscribers are refused", async () => {
    const image = await member.tool("ring-image-create", { prompt: "A beehive in a meadow", aspectRatio: "4:3" });
    expect(image.items[0].url).toMatch(/^http:\/\/localhost:\d+\/api\/v1\/files\//);
    expect(await subscriber.tool("ring-image-create", { prompt: "Not for subscribers" })).toMatchObject({ error: { code: "forbidden" } });
    const job = await member.tool("ring-video-create", { prompt: "Bees flying around the hive", imageUrl: image.items[0].url, duration: 4 });
    expect(job.jobId).toBeTruthy();
    const done = await eventually(async () => {
      const status = await member.tool("ring-video-status", { jobId: job.jobId });
      return status.status === "done" ? status : null;
    }, 20_000);
    expect(done.url).toMatch(/^http:\/\/localhost:\d+\/api\/v1\/files\//);
    expect(await subscriber.tool("ring-video-status", { jobId: job.jobId })).toMatchObject({ error: { code: "not_found" } });
    expect(await subscriber.tool("ring-video-create", { prompt: "Not for subscribers" })).toMatchObject({ error: { code: "forbidden" } });
  });

  it("news_draft for editors and admins; process_run for admins only", async () => {
    expect(await member.tool("news_draft", { instruction: "Write about the beekeeping season opening", locale: "en" })).toMatchObject({ error: { code: "forbidden" } });
    const draft = await admin.tool("news_draft", { instruction: "Write about the beekeeping season opening", locale: "uk" });
    expect(draft).toMatchObject({ status: "draft", locale: "uk", aiGenerated: { text: true } });
    expect(await member.tool("process_run", { pipeline: "outbox-cleanup" })).toMatchObject({ error: { code: "forbidden" } });
    const run = await admin.tool("process_run", { pipeline: "outbox-cleanup" });
    expect(run.runId).toBeTruthy();
    expect(await admin.tool("process_run", { pipeline: "no-such-pipeline" })).toMatchObject({ error: { code: "not_found" } });
  });

  it("npm run mcp serves the same tools over stdio with the user's key", async () => {
    const key = await apiKeyFor((await userWithRole("member", "mcp-stdio")).token);
    const client = new Client({ name: "stdio-test", version: "1.0.0" });
    const transport = new StdioClientTransport({ command: process.execPath, args: ["--import", "tsx", "cli/mcp.ts"], env: { ...process.env, RINGLET_URL: inject("baseUrl"), RINGLET_API_KEY: key } as Record<string, string>, stderr: "pipe" });
    await client.connect(transport);
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toContain("opportunities_search");
      const result = await client.callTool({ name: "ring-image-create", arguments: { prompt: "A lighthouse over stdio" } });
      expect(JSON.parse((result.content as { text: string }[])[0].text).items).toHaveLength(1);
    } finally {
      await client.close();
    }
  }, 60_000);
});
