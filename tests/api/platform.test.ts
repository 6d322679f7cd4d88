import { describe, expect, inject, it } from "vitest";
import { call, signInAdmin, signUpUser } from "../support/http";

describe("GET /api/health", () => {
  it("reports the database, modules and providers", async () => {
    const res = await call("/api/health");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "ok", db: inject("dbKind"), providers: { llm: "local", mail: "smtp" } });
    expect(res.body.modules.opportunities).toBe(true);
    expect(res.headers.get("x-request-id")).toBeTruthy();
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
