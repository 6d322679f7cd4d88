import { describe, expect, inject, it } from "vitest";
import { call, signUpUser } from "../support/http";
import { apiRoutes, concretePath, type ApiRoute } from "../support/routes";

/**
 * Ids a stranger controls never make the server fail (issue 19): every API route with a path
 * parameter, every method, is called with hostile values in each parameter as a visitor, a
 * subscriber and an admin, and list routes get garbage `?cursor=` and `?limit=`. Generated from the
 * route files, so a new route is covered the day it lands. Readable routes answer a hostile id with
 * 404, like an unknown one; no route answers 5xx.
 */
const HOSTILE = ["not-a-uuid", "%00", "a".repeat(300), encodeURIComponent("1' or '1'='1"), encodeURIComponent("ідентифікатор-😀"), "00000000-0000-0000-0000-00000000000g"];
const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const GARBAGE_QUERIES = [
  "cursor=%00&limit=abc",
  `cursor=${"z".repeat(400)}`,
  // Well-formed cursors holding the wrong things: a time that is not one, an id that is not a uuid.
  `cursor=${forged({ createdAt: "yesterday", at: "yesterday", startedAt: "yesterday", k: "soon", id: "00000000-0000-4000-8000-000000000000" })}`,
  `sort=deadline&cursor=${forged({ k: "not-a-date", id: "00000000-0000-4000-8000-000000000000" })}`,
  `cursor=${forged({ createdAt: "2024-01-01T00:00:00Z", at: "2024-01-01T00:00:00Z", k: "2024-01-01T00:00:00Z", id: "1' or '1'='1" })}`,
  `cursor=${forged({ id: 1e308, rank: "high" })}`,
  "limit=-1",
  "limit=1e309",
];
/** The catch-all 404 route and the auth library's own routes are not ours to parse. */
const SKIP = [/\[\.\.\./];

const routes = apiRoutes().filter((r) => !SKIP.some((s) => s.test(r.route)));
const withParams = routes.filter((r) => r.params.length > 0);
const lists = routes.filter((r) => r.params.length === 0 && r.methods.includes("GET"));

/** Each parameter in turn hostile, the others well-formed (unknown) ids. */
function hostilePaths(route: ApiRoute): string[] {
  return route.params.flatMap((param) => HOSTILE.map((value) => concretePath(route.route, { [param]: value })));
}

type Caller = { role: string; token?: string };

/** A fresh admin session: each token has its own rate limit. */
async function adminToken(): Promise<string> {
  const res = await call("/api/v1/auth/sign-in", { body: { email: inject("adminEmail"), password: inject("adminPassword") } });
  return res.body.token;
}

async function sweep(callers: Caller[], targets: { path: string; method: string }[]) {
  const failures: string[] = [];
  for (const { path, method } of targets) {
    for (const { role, token } of callers) {
      const body = method === "GET" || method === "DELETE" ? undefined : {};
      const res = await call(path, { method, body, token });
      // A 429 would hide the answer we are here to check.
      if (res.status >= 500 || res.status === 429) failures.push(`${method} ${path.slice(0, 120)} as ${role}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    }
  }
  return failures;
}

describe("hostile ids and query strings", () => {
  it("every route with a path parameter, every method, any role: never 5xx", async () => {
    // Two tokens per signed-in role keep each under the per-token rate limit (a 429 would hide a 500).
    const subscribers = [await signUpUser("hostile"), await signUpUser("hostile")];
    const admins = [await adminToken(), await adminToken()];
    const targets = withParams.flatMap((r) => hostilePaths(r).flatMap((path) => r.methods.map((method) => ({ path, method }))));
    const half = Math.ceil(targets.length / 2);
    const failures = [
      ...(await sweep([{ role: "visitor" }, { role: "subscriber", token: subscribers[0].token }, { role: "admin", token: admins[0] }], targets.slice(0, half))),
      ...(await sweep([{ role: "visitor" }, { role: "subscriber", token: subscribers[1].token }, { role: "admin", token: admins[1] }], targets.slice(half))),
    ];
    expect(failures).toEqual([]);
  }, 300_000);

  it("a hostile id in a readable route is 404 not_found, like any unknown id", async () => {
    for (const value of HOSTILE) {
      for (const path of [`/api/v1/entities/${value}`, `/api/v1/opportunities/${value}`, `/api/v1/news/${value}`, `/api/v1/store/products/${value}`, `/api/v1/files/${value}`]) {
        const res = await call(path);
        expect(res.status, path).toBe(404);
      }
    }
    const subscriber = await signUpUser("hostile");
    for (const path of ["/api/v1/entities/not-a-uuid/verification", "/api/v1/entities/not-a-uuid/appeal"]) {
      for (const method of ["GET", "POST"]) {
        const res = await call(path, { method, token: subscriber.token, body: method === "POST" ? { message: "Please look at this again" } : undefined });
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(res.body.error.code).toBe("not_found");
      }
    }
  });

  it("every list route with garbage cursors and limits: 4xx or a page, never 5xx", async () => {
    const subscriber = await signUpUser("hostile");
    const admin = await adminToken();
    const targets = lists.flatMap((r) => GARBAGE_QUERIES.map((q) => ({ path: `${r.route}?${q}`, method: "GET" })));
    const failures = await sweep([{ role: "visitor" }, { role: "subscriber", token: subscriber.token }, { role: "admin", token: admin }], targets);
    expect(failures).toEqual([]);
  }, 300_000);

  it("the event stream with hostile channels and resume ids answers without failing", async () => {
    for (const query of ["channels=%00", `channels=${encodeURIComponent("user:1' or '1'='1,admin,discovery:opportunities")}`, `channels=${"x".repeat(3000)}`, "channels="]) {
      const controller = new AbortController();
      const res = await fetch(`${inject("baseUrl")}/api/tunnel/sse?${query}`, { signal: controller.signal, headers: { "last-event-id": "not-a-number" } });
      expect(res.status, query).toBeLessThan(500);
      controller.abort();
    }
  });
});
