import { describe, expect, inject, it } from "vitest";
import { call, eventually, randomIp, signInAdmin, signUpUser, uniqueEmail } from "../support/http";
import { linkFromMail, mailsTo } from "../support/mail-sink";

const SIGN_UP_ANSWER = { user: { id: expect.any(String), email: expect.any(String), name: expect.any(String), role: "subscriber" }, token: null, verificationRequired: true };
/** Every link that would sign its reader in or confirm an address. */
const LOGIN_LINK = /magic-link\/verify\?token=|reset-password\/[\w-]{8,}|verify-email\?token=/;

describe("POST /api/v1/auth/sign-up", () => {
  it("creates an unverified subscriber with no session; the mailed link confirms the address and sign-in then works", async () => {
    const email = uniqueEmail("signup");
    const res = await call("/api/v1/auth/sign-up", { body: { email, password: "long-enough-1", name: "Olena" } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual(SIGN_UP_ANSWER);
    expect(res.body.user).toMatchObject({ email, name: "Olena" });
    expect(res.headers.get("set-cookie")).toBeNull();

    const early = await call("/api/v1/auth/sign-in", { body: { email, password: "long-enough-1" } });
    expect(early.status).toBe(403);
    expect(early.body.error.code).toBe("email_not_verified");

    const link = await linkFromMail(email, /https?:\/\/\S+\/api\/auth\/verify-email\?\S+/);
    const opened = await fetch(link, { redirect: "manual", headers: { "x-forwarded-for": randomIp() } });
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toBe("/verify-email?verified=1");

    const signedIn = await call("/api/v1/auth/sign-in", { body: { email, password: "long-enough-1" } });
    expect(signedIn.status).toBe(200);
    const me = await call("/api/v1/me", { token: signedIn.body.token });
    expect(me.body).toMatchObject({ email, role: "subscriber", blockedEntityIds: [] });
  });

  it("answers a taken email (whatever its case) exactly like a new one, and tells the owner instead", async () => {
    const owner = await signUpUser("dup");
    const fresh = await call("/api/v1/auth/sign-up", { body: { email: uniqueEmail("dup-new"), password: "long-enough-1", name: "Dup" } });
    const taken = await call("/api/v1/auth/sign-up", { body: { email: owner.email.toUpperCase(), password: "long-enough-1", name: "Dup" } });
    expect(taken.status).toBe(fresh.status);
    expect(taken.body).toEqual(SIGN_UP_ANSWER);
    expect(fresh.body).toEqual(SIGN_UP_ANSWER);
    expect(taken.body.user.id).not.toBe(owner.id);
    await eventually(async () => (await mailsTo(owner.email)).some((m) => m.subject.startsWith("Someone tried to sign up")));
    // Nothing changed for the owner.
    expect((await call("/api/v1/auth/sign-in", { body: { email: owner.email, password: "long-enough-1" } })).status).toBe(401);
    expect((await call("/api/v1/auth/sign-in", { body: { email: owner.email, password: owner.password } })).status).toBe(200);
  });

  it("signing in unverified with the right password is 403 and does not flood the mailbox", async () => {
    const email = uniqueEmail("unverified");
    expect((await call("/api/v1/auth/sign-up", { body: { email, password: "long-enough-1", name: "Taras" } })).status).toBe(201);
    for (let i = 0; i < 3; i++) {
      const res = await call("/api/v1/auth/sign-in", { body: { email, password: "long-enough-1" } });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("email_not_verified");
    }
    expect((await call("/api/v1/auth/sign-in", { body: { email, password: "wrong-password-1" } })).status).toBe(401);
    await linkFromMail(email, /verify-email\?token=\S+/);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await mailsTo(email)).filter((m) => LOGIN_LINK.test(m.text))).toHaveLength(1);
  });

  it("asking for a new verification link answers the same for any address", async () => {
    const known = await call("/api/v1/auth/verify-email", { body: { email: uniqueEmail("resend") } });
    const user = await signUpUser("resend-verified");
    const verified = await call("/api/v1/auth/verify-email", { body: { email: user.email } });
    expect(known.status).toBe(202);
    expect(verified.status).toBe(202);
    expect(verified.body).toEqual(known.body);
  });

  it("answers 400 with fields for a short password and a bad email", async () => {
    const res = await call("/api/v1/auth/sign-up", { body: { email: "not-an-email", password: "short", name: "" } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
    expect(Object.keys(res.body.error.fields).sort()).toEqual(["email", "name", "password"]);
  });
});

describe("POST /api/v1/admin/users/:id/verify-email", () => {
  it("admins only; unknown ids are 404; a second call changes nothing", async () => {
    const email = uniqueEmail("vouched");
    const signedUp = await call("/api/v1/auth/sign-up", { body: { email, password: "long-enough-1", name: "Vouched" } });
    const path = `/api/v1/admin/users/${signedUp.body.user.id}/verify-email`;
    const member = await signUpUser("not-admin");
    expect((await call(path, { method: "POST" })).status).toBe(401);
    expect((await call(path, { method: "POST", token: member.token })).status).toBe(403);
    const admin = await signInAdmin();
    expect((await call("/api/v1/admin/users/not-a-uuid/verify-email", { method: "POST", token: admin })).status).toBe(404);
    expect((await call(`/api/v1/admin/users/${crypto.randomUUID()}/verify-email`, { method: "POST", token: admin })).status).toBe(404);
    const done = await call(path, { method: "POST", token: admin });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ email, emailVerified: true });
    expect((await call(path, { method: "POST", token: admin })).body).toMatchObject({ email, emailVerified: true });
    expect((await call("/api/v1/auth/sign-in", { body: { email, password: "long-enough-1" } })).status).toBe(200);
  });
});

describe("the takeover of issue 19, end to end", () => {
  it("signing up with the admin's address gains nothing, and the admin's magic link is readable by no one, admins included", async () => {
    const adminEmail = inject("adminEmail");
    const squat = await call("/api/v1/auth/sign-up", { body: { email: adminEmail, password: "attacker-pass-1", name: "Not the admin" } });
    expect(squat.status).toBe(201);
    expect(squat.body).toEqual(SIGN_UP_ANSWER);
    expect((await call("/api/v1/auth/sign-in", { body: { email: adminEmail, password: "attacker-pass-1" } })).status).toBe(401);

    expect((await call("/api/v1/auth/magic-link", { body: { email: adminEmail } })).status).toBe(202);
    // The link really went out (to the admin's mailbox)…
    await linkFromMail(adminEmail, /magic-link\/verify\?token=\S+/);
    // …and no reader of the outbox sees it.
    for (const path of ["/admin/outbox", "/api/v1/admin/outbox", `/api/v1/admin/outbox?to=${encodeURIComponent(adminEmail)}`]) {
      const visitor = await call(path);
      expect(visitor.status, path).not.toBe(200);
      expect(LOGIN_LINK.test(JSON.stringify(visitor.body)), path).toBe(false);
    }
    const admin = await signInAdmin();
    const page = await call("/admin/outbox", { token: admin });
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain("[sign-in link withheld]");
    expect(LOGIN_LINK.test(String(page.body))).toBe(false);
    const api = await call(`/api/v1/admin/outbox?to=${encodeURIComponent(adminEmail)}`, { token: admin });
    expect(api.status).toBe(200);
    expect(api.body.items.some((m: { kind: string }) => m.kind === "magic_link")).toBe(true);
    expect(LOGIN_LINK.test(JSON.stringify(api.body))).toBe(false);
    expect(JSON.stringify(api.body)).not.toContain("sealedLink");

    const accounts = await call(`/api/v1/admin/users?q=${encodeURIComponent(adminEmail)}`, { token: admin });
    expect(accounts.body.items).toEqual([expect.objectContaining({ email: adminEmail, role: "admin", name: "Ring Admin" })]);
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

  it("Better Auth's own account endpoints are closed: names and emails change through /api/v1/me with its checks", async () => {
    const user = await signUpUser("side-update");
    expect((await call("/api/auth/update-user", { token: user.token, body: { name: "x".repeat(200_000) } })).status).toBe(404);
    expect((await call("/api/auth/update-user", { token: user.token, body: { name: "a\u0000b" } })).status).toBe(404);
    expect((await call("/api/auth/change-email", { token: user.token, body: { newEmail: uniqueEmail("moved") } })).status).toBe(404);
    expect((await call("/api/v1/me", { token: user.token })).body.name).toBe("Test side-update");
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
    // A key cannot mint a successor for itself: a leaked key must die with its revocation.
    const minted = await call("/api/v1/me/api-keys", { token: created.body.key, body: { name: "persist" } });
    expect(minted.status).toBe(403);
    expect((await call("/api/v1/me/api-keys", { token: user.token })).body.items).toHaveLength(1);
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
