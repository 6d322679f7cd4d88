import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { call, signInAdmin, signUpUser, userWithRole } from "../support/http";

const signIn = async (email: string, password: string) => call("/api/v1/auth/sign-in", { body: { email, password } });

/** A second session of the same member (another device). */
async function secondSession(user: { email: string; password: string }) {
  const res = await signIn(user.email, user.password);
  expect(res.status).toBe(200);
  return res.body.token as string;
}

async function createKey(token: string, name = "ci") {
  const res = await call("/api/v1/me/api-keys", { token, body: { name } });
  expect(res.status).toBe(201);
  return res.body as { id: string; key: string; start: string };
}

describe("account safety API", () => {
  it("every route answers a visitor with 401", async () => {
    const routes: [string, string, unknown?][] = [
      ["GET", "/api/v1/me/api-keys"],
      ["DELETE", `/api/v1/me/api-keys/${crypto.randomUUID()}`],
      ["GET", "/api/v1/me/sessions"],
      ["DELETE", `/api/v1/me/sessions/${crypto.randomUUID()}`],
      ["POST", "/api/v1/me/sessions/revoke-others"],
      ["POST", "/api/v1/me/password", { currentPassword: "x", newPassword: "new-password-1" }],
      ["GET", "/api/v1/me/export"],
      ["DELETE", "/api/v1/me", { password: "x" }],
    ];
    for (const [method, path, body] of routes) {
      const res = await call(path, { method, body });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body.error.code).toBe("unauthenticated");
    }
  });

  it("lists the caller's API keys without the secret and revokes one; another member's key is 404", async () => {
    const owner = await signUpUser("keys-owner");
    const other = await signUpUser("keys-other");
    const key = await createKey(owner.token, "deploy bot");

    const list = await call("/api/v1/me/api-keys", { token: owner.token });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: key.id, name: "deploy bot", start: key.start, createdAt: expect.any(String) })]);
    expect(JSON.stringify(list.body)).not.toContain(key.key);
    expect((await call("/api/v1/me", { token: key.key })).status).toBe(200);
    expect((await call("/api/v1/me/api-keys", { token: key.key })).status).toBe(403);

    const stolen = await call(`/api/v1/me/api-keys/${key.id}`, { method: "DELETE", token: other.token });
    expect(stolen.status).toBe(404);
    expect((await call("/api/v1/me/api-keys", { token: other.token })).body.items).toEqual([]);
    expect((await call("/api/v1/me", { token: key.key })).status).toBe(200);

    expect((await call(`/api/v1/me/api-keys/${key.id}`, { method: "DELETE", token: owner.token })).status).toBe(204);
    expect((await call("/api/v1/me", { token: key.key })).status).toBe(401);
    expect((await call(`/api/v1/me/api-keys/${key.id}`, { method: "DELETE", token: owner.token })).status).toBe(404);
  });

  it("hostile ids for keys and sessions are 404, never a 5xx", async () => {
    const owner = await signUpUser("hostile-ids");
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom("not-a-uuid", "%00", "' or 1=1 --", "x".repeat(300))), fc.constantFrom("api-keys", "sessions"), async (id, kind) => {
        const res = await call(`/api/v1/me/${kind}/${encodeURIComponent(id)}`, { method: "DELETE", token: owner.token });
        expect(res.status).toBeLessThan(500);
        expect(res.status).not.toBe(204);
      }),
      { numRuns: 40 },
    );
    expect((await call("/api/v1/me", { token: owner.token })).status).toBe(200);
  });

  it("lists sessions with the current one marked and no token; ends one, or all the others; another member's is 404", async () => {
    const owner = await signUpUser("sessions-owner");
    const other = await signUpUser("sessions-other");
    const laptop = await secondSession(owner);
    const phone = await secondSession(owner);

    const list = await call("/api/v1/me/sessions", { token: owner.token });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(3);
    expect(list.body.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect(list.body.items[0]).toEqual(expect.objectContaining({ id: expect.any(String), createdAt: expect.any(String), lastSeenAt: expect.any(String), ipAddress: expect.any(String) }));
    for (const token of [owner.token, laptop, phone]) expect(JSON.stringify(list.body)).not.toContain(token);

    const laptopId = (await call("/api/v1/me/sessions", { token: laptop })).body.items.find((s: { current: boolean }) => s.current).id;
    expect((await call(`/api/v1/me/sessions/${laptopId}`, { method: "DELETE", token: other.token })).status).toBe(404);
    expect((await call("/api/v1/me", { token: laptop })).status).toBe(200);
    expect((await call(`/api/v1/me/sessions/${laptopId}`, { method: "DELETE", token: owner.token })).status).toBe(204);
    expect((await call("/api/v1/me", { token: laptop })).status).toBe(401);

    expect((await call("/api/v1/me/sessions/revoke-others", { method: "POST", token: owner.token })).status).toBe(204);
    expect((await call("/api/v1/me", { token: phone })).status).toBe(401);
    expect((await call("/api/v1/me", { token: owner.token })).status).toBe(200);
    expect((await call("/api/v1/me", { token: other.token })).status).toBe(200);
  });

  it("changes the password: bad bodies 400, a wrong current password 400 naming the field, then only the new one signs in", async () => {
    const user = await signUpUser("password-api");
    const laptop = await secondSession(user);
    for (const body of [{}, { currentPassword: user.password }, { currentPassword: user.password, newPassword: "short" }, { currentPassword: user.password, newPassword: user.password }, { currentPassword: user.password, newPassword: 12345678 }]) {
      const res = await call("/api/v1/me/password", { token: user.token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("validation_failed");
    }
    const wrong = await call("/api/v1/me/password", { token: user.token, body: { currentPassword: "not-my-password", newPassword: "new-password-1" } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields).toEqual({ currentPassword: "Incorrect password" });
    const ukrainian = await call("/api/v1/me/password", { token: user.token, body: { currentPassword: "not-my-password", newPassword: "new-password-1" }, headers: { "accept-language": "uk" } });
    expect(ukrainian.body.error.fields.currentPassword).toBe("Неправильний пароль");

    const changed = await call("/api/v1/me/password", { token: user.token, body: { currentPassword: user.password, newPassword: "new-password-1", revokeOtherSessions: true } });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ revokedOtherSessions: true, token: expect.any(String) });
    expect((await call("/api/v1/me", { token: laptop })).status).toBe(401);
    expect((await call("/api/v1/me", { token: changed.body.token })).status).toBe(200);
    expect((await signIn(user.email, user.password)).status).toBe(401);
    expect((await signIn(user.email, "new-password-1")).status).toBe(200);
  });

  it("exports the caller's data as a JSON download holding nothing of another member's", async () => {
    const user = await signUpUser("export-api");
    const other = await signUpUser("export-other");
    await call("/api/v1/me/profile", { method: "PUT", token: user.token, body: { headline: "Exporter", skills: ["Go"], categories: ["technology"] } });
    await call("/api/v1/me/profile", { method: "PUT", token: other.token, body: { headline: "Someone else entirely", skills: ["Rust"], categories: ["finance"] } });
    const key = await createKey(user.token);

    const res = await call("/api/v1/me/export", { token: user.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="ringlet-export-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body).toMatchObject({ format: "ringlet-export/1", account: { id: user.id, email: user.email }, profile: { headline: "Exporter" } });
    expect(res.body.security.apiKeys).toEqual([expect.objectContaining({ id: key.id })]);
    const text = JSON.stringify(res.body);
    for (const foreign of [other.email, other.id, "Someone else entirely", key.key, user.token]) expect(text).not.toContain(foreign);

    // An API key may read the export: it is the caller's own data.
    expect((await call("/api/v1/me/export", { token: key.key })).status).toBe(200);
  });

  it("deletes the account with the password: bad bodies 400, wrong password 400, then the member is gone and cannot sign in", async () => {
    const user = await signUpUser("delete-api");
    const key = await createKey(user.token);
    for (const body of [undefined, {}, { password: 42 }]) {
      const res = await call("/api/v1/me", { method: "DELETE", token: user.token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const wrong = await call("/api/v1/me", { method: "DELETE", token: user.token, body: { password: "not-my-password" } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields).toEqual({ password: "Incorrect password" });
    expect((await call("/api/v1/me", { method: "DELETE", token: key.key, body: { password: user.password } })).status).toBe(403);
    expect((await call("/api/v1/me", { token: user.token })).body.email).toBe(user.email);

    const gone = await call("/api/v1/me", { method: "DELETE", token: user.token, body: { password: user.password } });
    expect(gone.status).toBe(204);
    expect((await call("/api/v1/me", { token: user.token })).status).toBe(401);
    expect((await call("/api/v1/me", { token: key.key })).status).toBe(401);
    expect((await signIn(user.email, user.password)).status).toBe(401);
    const admin = await signInAdmin();
    const listed = await call(`/api/v1/admin/users?q=${encodeURIComponent(user.email)}`, { token: admin });
    expect(listed.body.items).toEqual([]);
    // The address is free again.
    expect((await call("/api/v1/auth/sign-up", { body: { email: user.email, password: "a-new-life-1", name: "Back again" } })).status).toBe(201);
    const again = await call(`/api/v1/admin/users?q=${encodeURIComponent(user.email)}`, { token: admin });
    expect(again.body.items).toEqual([expect.objectContaining({ email: user.email, name: "Back again" })]);
  });

  it("an admin beside another admin may delete their account", async () => {
    const admin = await userWithRole("admin", "leaving-admin");
    expect((await call("/api/v1/me", { method: "DELETE", token: admin.token, body: { password: admin.password } })).status).toBe(204);
    expect((await signIn(admin.email, admin.password)).status).toBe(401);
  });
});
