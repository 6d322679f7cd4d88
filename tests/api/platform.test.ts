import { describe, expect, inject, it } from "vitest";
import { call, sendChunked, signInAdmin, signUpUser } from "../support/http";

describe("GET /api/health", () => {
  it("reports the database, modules and providers", async () => {
    const res = await call("/api/health");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "ok", db: inject("dbKind"), providers: { llm: "local", mail: "smtp" } });
    expect(res.body.modules.opportunities).toBe(true);
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });
});

describe("the hot reads the custom server answers itself", () => {
  it("carry the same security headers and request id as every other answer, and the same refusals", async () => {
    const member = await signUpUser("fast-read");
    for (const path of ["/api/v1/opportunities", "/api/v1/entities", "/api/v1/me", "/api/v1/me/notifications"]) {
      const res = await call(path, { token: member.token });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      expect(res.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-request-id"), path).toBeTruthy();
    }
    expect((await call("/api/v1/me/notifications")).status).toBe(401);
    expect((await call("/api/v1/opportunities", { token: "not-a-real-token" })).status).toBe(401);
    expect((await call("/api/v1/opportunities?limit=0", { token: member.token })).status).toBe(400);
  });
});

describe("probes", () => {
  it("liveness answers from memory and readiness after asking the database", async () => {
    const live = await call("/api/health/live");
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ status: "ok" });
    expect(live.body.uptimeSeconds).toBeGreaterThanOrEqual(0);
    const ready = await call("/api/health/ready");
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: "ok", db: inject("dbKind") });
  });
});

describe("bad input never becomes a 500", () => {
  it("malformed JSON is 400", async () => {
    const res = await call("/api/v1/auth/sign-in", { method: "POST", rawBody: "{oops", headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "validation_failed", fields: { "(body)": "Malformed JSON" } });
  });

  it("a body over 1 MB is 413", async () => {
    const user = await signUpUser("big");
    const res = await call("/api/v1/me/profile", { method: "PUT", token: user.token, rawBody: JSON.stringify({ bio: "x".repeat(1_100_000) }), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("payload_too_large");
  });

  it.each(["/api/v1/auth/sign-in", "/api/auth/magic-link/verify", "/api/webhooks/email/inbound", "/api/v1/files", "/api/mcp"])(
    "a chunked body over the limit is 413 at %s, before the handler reads it",
    async (path) => {
      // Over the route's limit (11 MB for uploads, 1 MB elsewhere) but within what the server drains
      // after refusing (8 MB), so the client reads the 413 rather than a reset while still writing.
      const res = await sendChunked(path, (path === "/api/v1/files" ? 12 : 3) * 1024 * 1024);
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe("payload_too_large");
    },
  );

  it("a chunked body under the limit still reaches the route whole", async () => {
    const res = await sendChunked("/api/v1/auth/sign-in", 200_000);
    // 200 KB of spaces is no JSON: the route read all of it and said so in its own words.
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
  });

  it("validation errors come in Ukrainian for a Ukrainian reader", async () => {
    const res = await call("/api/v1/auth/sign-up", { body: { email: "nope", password: "short", name: "" }, headers: { cookie: "NEXT_LOCALE=uk" } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe("Деякі поля заповнено неправильно");
    expect(res.body.error.fields.password).toBe("Щонайменше 8 символів");
    expect(res.body.error.fields.name).toBe("Обов'язкове поле");
  });

  it("an unknown /api route is a JSON 404", async () => {
    const res = await call("/api/v1/does-not-exist");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });

  it("a tampered cursor is 400", async () => {
    const res = await call("/api/v1/admin/users?cursor=!!!", { token: await signInAdmin() });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.cursor).toBe("Invalid cursor");
  });
});

describe("pages", () => {
  it("send security headers", async () => {
    const res = await call("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("render in Ukrainian when the locale cookie says so", async () => {
    const res = await call("/sign-in", { headers: { cookie: "NEXT_LOCALE=uk" } });
    expect(res.body).toContain("Увійти");
    expect(res.body).toContain('lang="uk"');
  });
});

describe("cross-site requests", () => {
  async function sessionCookie(): Promise<string> {
    const user = await signUpUser("cookie");
    const res = await call("/api/v1/auth/sign-in", { body: { email: user.email, password: user.password } });
    const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    expect(cookie).toContain("session_token");
    return cookie;
  }
  const profile = (headers: Record<string, string>) => call("/api/v1/me/profile", { method: "PUT", body: { bio: "Changed by a cookie" }, headers });

  it("a cookie-authenticated change from another site is 403 and changes nothing", async () => {
    const cookie = await sessionCookie();
    const res = await profile({ cookie, origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("forbidden");
    expect((await profile({ cookie, "sec-fetch-site": "cross-site" })).status).toBe(403);
    // Credentials a browser attaches by itself (HTTP Basic in front of the ring) are not a bearer token.
    expect((await profile({ cookie, origin: "https://evil.example", authorization: "Basic Zm9vOmJhcg==" })).status).toBe(403);
    expect(JSON.stringify((await call("/api/v1/me", { headers: { cookie } })).body)).not.toContain("Changed by a cookie");
  });

  it("the same change from the ring's own pages, or with a bearer token from anywhere, goes through", async () => {
    const cookie = await sessionCookie();
    expect((await profile({ cookie, origin: inject("baseUrl"), "sec-fetch-site": "same-origin" })).status).toBe(200);
    const user = await signUpUser("bearer-elsewhere");
    const res = await call("/api/v1/me/profile", { method: "PUT", token: user.token, body: { bio: "From a script" }, headers: { origin: "https://elsewhere.example" } });
    expect(res.status).toBe(200);
  });
});
