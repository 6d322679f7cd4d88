import { describe, expect, it } from "vitest";
import { call, signInAdmin, signUpUser } from "../support/http";

describe("PATCH /api/v1/admin/users/:id", () => {
  it("an admin promotes a subscriber to member, and the change is audited", async () => {
    const admin = await signInAdmin();
    const user = await signUpUser("promote");
    const res = await call(`/api/v1/admin/users/${user.id}`, { method: "PATCH", token: admin, body: { role: "member" } });
    expect(res.status).toBe(200);
    expect(res.body.role).toBe("member");
    const me = await call("/api/v1/me", { token: user.token });
    expect(me.body.role).toBe("member");
    const audit = await call("/api/v1/admin/audit?action=user.role_changed&limit=100", { token: admin });
    expect(audit.status).toBe(200);
    expect(audit.body.items.some((e: any) => e.targetId === user.id && e.data.to === "member" && e.data.from === "subscriber")).toBe(true);
  });

  it("a non-admin gets 403 and an unknown user 404", async () => {
    const user = await signUpUser("nonadmin");
    const forbidden = await call(`/api/v1/admin/users/${user.id}`, { method: "PATCH", token: user.token, body: { role: "admin" } });
    expect(forbidden.status).toBe(403);
    const admin = await signInAdmin();
    const missing = await call(`/api/v1/admin/users/nope`, { method: "PATCH", token: admin, body: { role: "member" } });
    expect(missing.status).toBe(404);
    const badRole = await call(`/api/v1/admin/users/${user.id}`, { method: "PATCH", token: admin, body: { role: "emperor" } });
    expect(badRole.status).toBe(400);
  });

  it("lists users with search and role filter, paginated", async () => {
    const admin = await signInAdmin();
    const a = await signUpUser("listme");
    await signUpUser("listme");
    const page1 = await call(`/api/v1/admin/users?q=listme&limit=1`, { token: admin });
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(1);
    expect(page1.body.nextCursor).toBeTruthy();
    const page2 = await call(`/api/v1/admin/users?q=listme&limit=1&cursor=${page1.body.nextCursor}`, { token: admin });
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
    const admins = await call(`/api/v1/admin/users?role=admin`, { token: admin });
    expect(admins.body.items.every((u: any) => u.role === "admin")).toBe(true);
    expect(admins.body.items.some((u: any) => u.id === a.id)).toBe(false);
  });
});

describe("GET/PATCH /api/v1/admin/settings", () => {
  it("reports each setting with its source; env-pinned values cannot be patched", async () => {
    const admin = await signInAdmin();
    const res = await call("/api/v1/admin/settings", { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.settings.MATCHER_AUTO_APPROVE).toEqual({ value: false, source: "default" });
    expect(res.body.settings.MATCHER_RERANK_TOP_K).toMatchObject({ value: 7, source: "env" });
    expect(res.body.settings.OPENAI_API_KEY).toEqual({ value: null, source: "default", secret: true, set: false });
    const pinned = await call("/api/v1/admin/settings", { method: "PATCH", token: admin, body: { MATCHER_RERANK_TOP_K: 3 } });
    expect(pinned.status).toBe(409);
  });

  it("patches a value into the database, audited, and keeps secrets write-only", async () => {
    const admin = await signInAdmin();
    const res = await call("/api/v1/admin/settings", { method: "PATCH", token: admin, body: { MATCHER_AUTO_APPROVE_MIN_SCORE: 0.9, ANTHROPIC_API_KEY: "sk-test-123" } });
    expect(res.status).toBe(200);
    expect(res.body.settings.MATCHER_AUTO_APPROVE_MIN_SCORE).toEqual({ value: 0.9, source: "db" });
    expect(res.body.settings.ANTHROPIC_API_KEY).toEqual({ value: null, source: "db", secret: true, set: true });
    expect(JSON.stringify(res.body)).not.toContain("sk-test-123");
    const audit = await call("/api/v1/admin/audit?action=setting.changed&limit=100", { token: admin });
    expect(JSON.stringify(audit.body)).not.toContain("sk-test-123");
    expect(audit.body.items.some((e: any) => e.targetId === "MATCHER_AUTO_APPROVE_MIN_SCORE" && e.data.value === 0.9)).toBe(true);
  });

  it("rejects unknown names and bad values with 400 and writes nothing", async () => {
    const admin = await signInAdmin();
    const res = await call("/api/v1/admin/settings", { method: "PATCH", token: admin, body: { MATCHER_AUTO_APPROVE: true, NOPE: 1, MATCHER_AUTO_APPROVE_MIN_SCORE: 7 } });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(["MATCHER_AUTO_APPROVE_MIN_SCORE", "NOPE"]);
    const after = await call("/api/v1/admin/settings", { token: admin });
    expect(after.body.settings.MATCHER_AUTO_APPROVE.value).toBe(false);
  });

  it("is admin-only", async () => {
    const user = await signUpUser("settings");
    expect((await call("/api/v1/admin/settings", { token: user.token })).status).toBe(403);
    expect((await call("/api/v1/admin/settings")).status).toBe(401);
  });
});

describe("GET /api/v1/admin/outbox", () => {
  it("lists the magic-link email with its link withheld", async () => {
    const admin = await signInAdmin();
    const user = await signUpUser("outbox");
    await call("/api/v1/auth/magic-link", { body: { email: user.email } });
    const res = await call(`/api/v1/admin/outbox?to=${encodeURIComponent(user.email)}`, { token: admin });
    expect(res.status).toBe(200);
    // The sign-up's verification mail, then the magic link.
    expect(res.body.items.map((m: { kind: string }) => m.kind).sort()).toEqual(["email_verification", "magic_link"]);
    const magic = res.body.items.find((m: { kind: string }) => m.kind === "magic_link");
    expect(magic).toMatchObject({ status: expect.stringMatching(/^(pending|sent)$/) });
    expect(JSON.stringify(res.body)).not.toMatch(/magic-link\/verify|verify-email\?token=/);
    expect(magic.text).toContain("[sign-in link withheld]");
  });
});
