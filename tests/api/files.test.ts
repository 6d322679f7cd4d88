import { inject } from "vitest";
import { describe, expect, it } from "vitest";
import { call, randomIp, signInAdmin, userWithRole } from "../support/http";

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a0c6c1a40000000049454e44ae426082", "hex");

async function upload(token: string, bytes: Buffer, name: string, type = "image/png") {
  const form = new FormData();
  form.set("file", new Blob([new Uint8Array(bytes)], { type }), name);
  form.set("purpose", "logo");
  const res = await fetch(`${inject("baseUrl")}/api/v1/files`, { method: "POST", body: form, headers: { authorization: `Bearer ${token}`, "x-forwarded-for": randomIp() } });
  return { status: res.status, body: await res.json() };
}

describe("uploads and logos", () => {
  it("accepts a real PNG logo, serves it publicly, and links it to an organisation", async () => {
    const owner = await userWithRole("member", "logo");
    const up = await upload(owner.token, PNG, "logo.png");
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ contentType: "image/png", size: PNG.length });
    const served = await fetch(`${inject("baseUrl")}${up.body.url}`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
    const org = await call("/api/v1/entities", { token: owner.token, body: { name: "With logo", type: "other", description: "Has a logo", logoFileId: up.body.id } });
    expect(org.status).toBe(201);
    expect(org.body.logoUrl).toBe(up.body.url);
  });

  it("a hidden organisation's logo is no longer served, except to its owner and admins", async () => {
    const owner = await userWithRole("member", "hidden-logo");
    const up = await upload(owner.token, PNG, "logo.png");
    const org = await call("/api/v1/entities", { token: owner.token, body: { name: "Soon hidden", type: "other", description: "Has a logo", logoFileId: up.body.id } });
    const fetchAs = (token?: string) => fetch(`${inject("baseUrl")}${up.body.url}`, { headers: token ? { authorization: `Bearer ${token}`, "x-forwarded-for": randomIp() } : { "x-forwarded-for": randomIp() } });
    const before = await fetchAs();
    expect(before.status).toBe(200);
    expect(before.headers.get("cache-control")).not.toContain("public");
    const admin = await signInAdmin();
    expect((await call(`/api/v1/admin/moderation/entities/${org.body.id}/action`, { token: admin, body: { action: "hide", note: "Counterfeit goods" } })).status).toBe(200);
    expect((await fetchAs()).status).toBe(404);
    expect((await fetchAs(owner.token)).status).toBe(200);
    expect((await fetchAs(admin)).status).toBe(200);
  });

  it("refuses an HTML file named .png (type by content, not name) and changes nothing", async () => {
    const owner = await userWithRole("member", "spoof");
    const res = await upload(owner.token, Buffer.from("<html><script>alert(1)</script></html>"), "innocent.png");
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe("unsupported_media_type");
  });

  it("refuses a logo over 1 MB with 413", async () => {
    const owner = await userWithRole("member", "big-logo");
    const big = Buffer.concat([PNG, Buffer.alloc(1024 * 1024 + 10)]);
    const res = await upload(owner.token, big, "big.png");
    expect(res.status).toBe(413);
  });

  it("someone else's file cannot become your logo; uploads need an account", async () => {
    const a = await userWithRole("member", "file-a");
    const b = await userWithRole("member", "file-b");
    const up = await upload(a.token, PNG, "a.png");
    const res = await call("/api/v1/entities", { token: b.token, body: { name: "Thief", type: "other", description: "Uses a's logo", logoFileId: up.body.id } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.logoFileId).toBeTruthy();
    const anonymous = await fetch(`${inject("baseUrl")}/api/v1/files`, { method: "POST", body: new FormData() });
    expect(anonymous.status).toBe(401);
  });
});
