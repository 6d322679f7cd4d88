import { describe, expect, it } from "vitest";
import { call, randomIp, signUpUser, uniqueEmail } from "../support/http";

describe("POST /api/v1/auth/sign-up", () => {
  it("creates a subscriber and returns a bearer token that works on /me", async () => {
    const email = uniqueEmail("signup");
    const res = await call("/api/v1/auth/sign-up", { body: { email, password: "long-enough-1", name: "Olena" } });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ email, name: "Olena", role: "subscriber" });
    expect(res.headers.get("set-cookie")).toContain("session_token");
    const me = await call("/api/v1/me", { token: res.body.token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email, role: "subscriber", blockedEntityIds: [] });
  });

  it("answers 409 for a taken email, whatever its case", async () => {
    const user = await signUpUser("dup");
    const res = await call("/api/v1/auth/sign-up", { body: { email: user.email.toUpperCase(), password: "long-enough-1", name: "Dup" } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("conflict");
  });

  it("answers 400 with fields for a short password and a bad email", async () => {
    const res = await call("/api/v1/auth/sign-up", { body: { email: "not-an-email", password: "short", name: "" } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
    expect(Object.keys(res.body.error.fields).sort()).toEqual(["email", "name", "password"]);
  });
});

describe("POST /api/v1/auth/sign-in", () => {
  it("returns a token for the right password", async () => {
    const user = await signUpUser("signin");
    const res = await call("/api/v1/auth/sign-in", { body: { email: user.email, password: user.password } });
    expect(res.status).toBe(200);
    expect(res.body.user.email).toBe(user.email);
    expect(typeof res.body.token).toBe("string");
  });

  it("gives the same 401 for an unknown email and a wrong password", async () => {
    const user = await signUpUser("wrongpw");
    const wrong = await call("/api/v1/auth/sign-in", { body: { email: user.email, password: "not-the-password" } });
    const unknown = await call("/api/v1/auth/sign-in", { body: { email: uniqueEmail("ghost"), password: "not-the-password" } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });

  it("rate-limits attempts per client address with 429 and Retry-After", async () => {
    const ip = randomIp();
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 12; i++) {
      // A different email each time: this is the per-address limit, not the per-account one.
      const res = await call("/api/v1/auth/sign-in", { ip, body: { email: uniqueEmail("nobody"), password: "whatever-1" } });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get("retry-after");
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    const otherClient = await call("/api/v1/auth/sign-in", { body: { email: uniqueEmail("nobody"), password: "whatever-1" } });
    expect(otherClient.status).toBe(401);
  });

  it("rate-limits failed attempts per account, whatever address they come from", async () => {
    const user = await signUpUser("targeted");
    // Each guess from a fresh address: the per-address limit never trips.
    for (let i = 0; i < 10; i++) expect((await call("/api/v1/auth/sign-in", { body: { email: user.email, password: `guess-${i}-wrong` } })).status).toBe(401);
    const blocked = await call("/api/v1/auth/sign-in", { body: { email: user.email.toUpperCase(), password: user.password } });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe("rate_limited");
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(60);
    // Other accounts are not held hostage by the attack on this one.
    const other = await signUpUser("bystander");
    expect((await call("/api/v1/auth/sign-in", { body: { email: other.email, password: other.password } })).status).toBe(200);
  });

  it("Better Auth's own password endpoints are closed: every attempt goes through the counted route", async () => {
    const res = await call("/api/auth/sign-in/email", { body: { email: uniqueEmail("side"), password: "whatever-1" } });
    expect(res.status).toBe(404);
  });
});

describe("sign-out and tokens", () => {
  it("a signed-out session token no longer works", async () => {
    const user = await signUpUser("signout");
    const out = await call("/api/v1/auth/sign-out", { method: "POST", token: user.token });
    expect(out.status).toBe(204);
    const me = await call("/api/v1/me", { token: user.token });
    expect(me.status).toBe(401);
  });

  it("an invalid bearer token is 401, not a visitor", async () => {
    const res = await call("/api/v1/me", { token: "definitely-not-a-token" });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthenticated");
  });

  it("/me without credentials is 401", async () => {
    const res = await call("/api/v1/me");
    expect(res.status).toBe(401);
  });
});

describe("API keys", () => {
  it("a created key acts as its owner through Authorization: Bearer", async () => {
    const user = await signUpUser("apikey");
    const created = await call("/api/v1/me/api-keys", { token: user.token, body: { name: "integration" } });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^rl_/);
    for (let i = 0; i < 12; i++) {
      const me = await call("/api/v1/me", { token: created.body.key });
      expect(me.status).toBe(200);
      expect(me.body.email).toBe(user.email);
    }
  });

  it("a key needs a name", async () => {
    const user = await signUpUser("apikey2");
    const res = await call("/api/v1/me/api-keys", { token: user.token, body: { name: "" } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.name).toBeTruthy();
  });
});

describe("magic link and password reset", () => {
  it("answers 202 for known and unknown emails alike", async () => {
    const user = await signUpUser("magic");
    const known = await call("/api/v1/auth/magic-link", { body: { email: user.email } });
    const unknown = await call("/api/v1/auth/magic-link", { body: { email: uniqueEmail("nobody") } });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
  });

  it("a bad reset token is 400 and the old password still works", async () => {
    const user = await signUpUser("reset");
    const res = await call("/api/v1/auth/password-reset/confirm", { body: { token: "bogus", newPassword: "brand-new-pass" } });
    expect(res.status).toBe(400);
    const signIn = await call("/api/v1/auth/sign-in", { body: { email: user.email, password: user.password } });
    expect(signIn.status).toBe(200);
  });
});
