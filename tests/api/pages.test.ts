import { randomBytes } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { inboundSignature } from "@/src/modules/email/inbound";
import { TEST_CRON_SECRET, TEST_INBOUND_SECRET, TEST_METRICS_TOKEN } from "../support/global-server";
import { activeListing, call, signInAdmin, signUpUser, userWithRole } from "../support/http";

/**
 * The page sweep, generated from the page files (`app/**\/page.tsx`), so a new page is covered
 * without anyone remembering it. Canary strings are planted in data only some roles may see (the
 * outbox, the audit log, the users list, payments, email threads, confidential and hidden content),
 * and every page is requested as visitor, subscriber, member, confidential and admin, as HTML and
 * as an RSC payload (`RSC: 1`), following no redirects. Each canary may appear only in the bodies
 * of the roles allowed to see it; redirect and 404 bodies carry none at all; secrets and login
 * links appear nowhere, not even for admins; no page answers 5xx.
 */
const ROLES = ["visitor", "subscriber", "member", "confidential", "admin"] as const;
type Role = (typeof ROLES)[number];
const RANK: Record<Role, number> = { visitor: 0, subscriber: 1, member: 2, confidential: 3, admin: 4 };
const atLeast = (min: Role) => (role: Role) => RANK[role] >= RANK[min];
const nobody = () => false;

const marker = `pg${randomBytes(4).toString("hex")}`;
type Canary = { name: string; text: string; allowed: (role: Role) => boolean };
const canaries: Canary[] = [
  // Secrets the test server holds in its environment: redacted everywhere.
  { name: "xAI key", text: "xai-test-key", allowed: nobody },
  { name: "cron secret", text: TEST_CRON_SECRET, allowed: nobody },
  { name: "metrics token", text: TEST_METRICS_TOKEN, allowed: nobody },
  { name: "inbound mail secret", text: TEST_INBOUND_SECRET, allowed: nobody },
];
/** Login links (magic link, password reset) are never data, whoever reads. */
const LOGIN_LINK = /magic-link\/verify\?token=|\/api\/auth\/reset-password\/[\w-]{8,}/;

const tokens: Partial<Record<Role, string>> = {};
const ids = { entity: [] as string[], listing: [] as string[], thread: [] as string[] };
const HOSTILE = ["not-a-uuid", "%00", "x".repeat(300), "1'%20or%20'1'%3D'1", "%E2%80%AE%F0%9F%92%A5", crypto.randomUUID()];

const plant = (name: string, allowed: Canary["allowed"]) => {
  const text = `${marker}${name.replace(/\W/g, "")}`;
  canaries.push({ name, text, allowed });
  return text;
};

beforeAll(async () => {
  const admin = await signInAdmin();
  tokens.admin = admin;
  tokens.subscriber = (await signUpUser("pages-sub")).token;
  tokens.member = (await userWithRole("member", "pages-member")).token;
  tokens.confidential = (await userWithRole("confidential", "pages-conf")).token;

  // An account nobody else knows of: its name and address belong to the admin's user list and outbox.
  const quietName = plant("quietuser", atLeast("admin"));
  const quiet = await call("/api/v1/auth/sign-up", { body: { email: `${quietName}@test.local`, password: "correct-horse-1", name: quietName } });
  expect(quiet.status).toBe(201);
  // The takeover of issue 19 began with a magic link for the admin, read back from the outbox.
  expect((await call("/api/v1/auth/magic-link", { body: { email: `${quietName}@test.local` } })).status).toBe(202);

  const owner = await userWithRole("confidential", "pages-owner");
  for (const visibility of ["member", "confidential"] as const) {
    const orgText = plant(`org${visibility}`, atLeast(visibility));
    const org = await call("/api/v1/entities", { token: owner.token, body: { name: `Org ${orgText}`, type: "other", description: orgText, visibility } });
    expect(org.status).toBe(201);
    ids.entity.push(org.body.id);
    const listingText = plant(`listing${visibility}`, atLeast(visibility));
    const listing = await activeListing(owner.token, { title: `Listing ${listingText}`, description: listingText, type: "offer", visibility, entityId: org.body.id });
    ids.listing.push(listing.id);
  }
  const pendingText = plant("pendinglisting", atLeast("admin"));
  const pending = await call("/api/v1/opportunities", { token: owner.token, body: { title: `Pending ${pendingText}`, description: pendingText, type: "request", category: "other" } });
  ids.listing.push(pending.body.id);

  const hiddenText = plant("hiddenorg", atLeast("admin"));
  const hidden = await call("/api/v1/entities", { token: owner.token, body: { name: `Org ${hiddenText}`, type: "other", description: hiddenText } });
  ids.entity.push(hidden.body.id);
  const auditText = plant("auditnote", atLeast("admin"));
  expect((await call(`/api/v1/admin/moderation/entities/${hidden.body.id}/action`, { token: admin, body: { action: "hide", note: auditText } })).status).toBe(200);

  const creditText = plant("creditgrant", atLeast("admin"));
  const payee = await signUpUser("pages-payee");
  expect((await call("/api/v1/admin/payments/credits", { token: admin, body: { userId: payee.id, amount: 5, reason: creditText } })).status).toBeLessThan(300);

  const mailText = plant("inboundmail", atLeast("admin"));
  const raw = JSON.stringify({ messageId: `<${mailText}@sender.example>`, from: { address: "sender@school.example", name: "Sender" }, to: "info@ring.example.org", subject: `Question ${mailText}`, text: `Hello ${mailText}`, date: new Date().toISOString() });
  const pushed = await call("/api/webhooks/email/inbound", { rawBody: raw, headers: { "content-type": "application/json", "x-ringlet-signature": inboundSignature(TEST_INBOUND_SECRET, raw) } });
  expect(pushed.status).toBe(200);
  ids.thread.push(pushed.body.threadId);
}, 120_000);

function pageRoutes(dir = "app"): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return pageRoutes(full);
    if (entry !== "page.tsx") return [];
    const route = path
      .dirname(full)
      .replace(/^app/, "")
      .split("/")
      .filter((segment) => !/^\(.*\)$/.test(segment))
      .join("/");
    return [route || "/"];
  });
}

/** The ids a dynamic page is tried with: the planted objects of its kind, and hostile ones. */
function concreteUrls(route: string): string[] {
  if (!route.includes("[")) return [route, `${route}?q=${marker}&cursor=${encodeURIComponent("!!garbage")}`];
  if (!ids.entity.length) throw new Error("nothing planted");
  const planted = route.startsWith("/entities/") ? ids.entity : route.startsWith("/opportunities/") ? ids.listing : route.startsWith("/admin/email/") ? ids.thread : [];
  return [MATRIX_ID, ...planted, ...HOSTILE].map((id) => route.replace(/\[[^\]]+\]/g, id));
}

/** What is wrong with one answer (empty when nothing is). */
function problems(role: Role, status: number, body: string): string[] {
  const found: string[] = [];
  if (status >= 500) found.push("fails on our side");
  if (LOGIN_LINK.test(body)) found.push("shows a login link");
  const bare = status === 404 || (status >= 300 && status < 400);
  for (const canary of canaries) {
    if (body.includes(canary.text) && (bare || !canary.allowed(role))) found.push(`shows ${canary.name}`);
  }
  return found;
}

/** The URL of a page whose answer goes into the page matrix: the page itself, or with a random id. */
const MATRIX_ID = "00000000-0000-4000-8000-000000000000";
const matrixUrl = (route: string) => route.replace(/\[[^\]]+\]/g, MATRIX_ID);
const matrix = new Map<string, string>();
const answerLabel = (status: number, location: string | null) => {
  if (status === 200) return "page";
  if (status === 404) return "404";
  if (status >= 300 && status < 400 && location) return location.includes("/sign-in") ? "sign-in" : `→ \`${new URL(location, "http://x").pathname}\``;
  return String(status);
};

describe("every page, every role", () => {
  const routes = pageRoutes().sort();

  it("the sweep covers every page file, including the admin pages", () => {
    expect(routes).toContain("/admin/outbox");
    expect(routes).toContain("/admin/users");
    expect(routes.length).toBeGreaterThan(40);
  });

  for (const role of ROLES) {
    it(`as ${role}: no page shows what the role may not see, and none answers 5xx`, async () => {
      const auth: Record<string, string> = tokens[role] ? { authorization: `Bearer ${tokens[role]}` } : {};
      const wrong: string[] = [];
      for (const route of routes) {
        for (const url of concreteUrls(route)) {
          for (const mode of ["html", "rsc"] as const) {
            const headers = mode === "rsc" ? { ...auth, rsc: "1" } : auth;
            const res = await call(url, { headers });
            if (mode === "html" && url === matrixUrl(route)) matrix.set(`${route} ${role}`, answerLabel(res.status, res.headers.get("location")));
            const found = problems(role, res.status, typeof res.body === "string" ? res.body : JSON.stringify(res.body));
            if (found.length) wrong.push(`${mode} ${url} (${res.status}): ${found.join(", ")}`);
          }
        }
      }
      expect(wrong, wrong.join("\n")).toEqual([]);
    }, 300_000);
  }

  it("the page matrix (docs/page-matrix.md) says what each role gets from each page", async () => {
    const rows = routes.map((route) => `| \`${route}\` | ${ROLES.map((role) => matrix.get(`${route} ${role}`)).join(" | ")} |`);
    const document = [
      "# Page matrix",
      "",
      "Generated by `tests/api/pages.test.ts` from the page files: each page requested as each role (a dynamic",
      "page with an id that does not exist). *page* = the page renders; *sign-in* = a redirect to sign-in that",
      "carries no page data; *→ path* = a redirect elsewhere; *404* = the not-found page. Which records a page then shows is decided by the",
      "services it calls (`docs/SECURITY.md`); the same test plants canaries and checks every body.",
      "",
      `| page | ${ROLES.join(" | ")} |`,
      `|---|${ROLES.map(() => "---").join("|")}|`,
      ...rows,
      "",
    ].join("\n");
    await expect(document).toMatchFileSnapshot("../../docs/page-matrix.md");
  });

  it("the admin does see each admin-only canary somewhere (the sweep is not blind)", async () => {
    const seen = new Set<string>();
    // Filtered where a busy shared server pushes the canary off the first page (every new member is audited).
    for (const url of ["/admin/users", "/admin/outbox", "/admin/audit", "/admin/audit?action=entity.hide", "/admin/email", "/admin/moderation", `/admin/users?q=${marker}`]) {
      const body = String((await call(url, { headers: { authorization: `Bearer ${tokens.admin}` } })).body);
      for (const canary of canaries) if (body.includes(canary.text)) seen.add(canary.name);
    }
    for (const name of ["quietuser", "auditnote", "inboundmail", "hiddenorg"]) expect(seen, name).toContain(name);
  });
});

describe("the takeover of issue 19", () => {
  it("a stranger who asks for the admin's magic link cannot read it from the outbox page, its redirect or its RSC payload", async () => {
    const adminEmail = (await call("/api/v1/me", { token: tokens.admin })).body.email as string;
    expect((await call("/api/v1/auth/magic-link", { body: { email: adminEmail } })).status).toBe(202);
    const attempts: Record<string, string>[] = [{}, { rsc: "1" }, { cookie: "better-auth.session_token=forged.value" }];
    for (const headers of attempts) {
      const res = await call("/admin/outbox", { headers });
      const body = String(res.body);
      expect(res.status, JSON.stringify(headers)).not.toBe(200);
      expect(body).not.toContain(adminEmail);
      expect(LOGIN_LINK.test(body)).toBe(false);
    }
    const users = await call("/admin/users");
    expect(String(users.body)).not.toContain(adminEmail);
  });
});
