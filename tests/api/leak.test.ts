import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { activeListing, call, eventually, signInAdmin, signUpUser, userWithRole } from "../support/http";

/**
 * The leak test: a listing and an organisation at every visibility (plus a pending listing and a hidden
 * organisation), and for every role every egress that exists, asserting nothing it may not see shows up,
 * not even its title or id. Later modules add their egress (notifications, tunnel, email, MCP) here.
 */
const VISIBILITIES = ["public", "subscriber", "member", "confidential"] as const;
const ROLES = ["visitor", "subscriber", "member", "confidential", "admin"] as const;
const RANK = { visitor: 0, subscriber: 1, member: 2, confidential: 3, admin: 4 } as const;
const NEED = { public: 0, subscriber: 1, member: 2, confidential: 3 } as const;

const marker = `leak${randomBytes(4).toString("hex")}`;
/** `unlisted`: never in browse or search, even for admins (pending, withdrawn). */
type Item = { id: string; token: string; visible: (role: (typeof ROLES)[number]) => boolean; unlisted?: boolean };
const listings: Item[] = [];
const orgs: Item[] = [];
const tokens: Partial<Record<(typeof ROLES)[number], string>> = {};
/** News articles: `id` is the slug (made from the title, so the token lives only in the text); `public` ones alone may reach the feeds and the sitemap. */
const news: (Item & { public: boolean })[] = [];

const LEAK_PROFILE = { headline: `Leak specialist ${marker}`, skills: [`${marker}skill`], categories: ["technology"], remote: true, languages: ["en"] };

beforeAll(async () => {
  // Every role's user has a profile the matcher will pick for these listings, so notifications are an egress too.
  tokens.subscriber = (await signUpUser("leak-sub")).token;
  tokens.member = (await userWithRole("member", "leak-member")).token;
  tokens.confidential = (await userWithRole("confidential", "leak-conf")).token;
  tokens.admin = await signInAdmin();
  for (const role of ["subscriber", "member", "confidential", "admin"] as const) {
    await call("/api/v1/me/profile", { method: "PUT", token: tokens[role], body: LEAK_PROFILE });
  }
  const owner = await userWithRole("confidential", "leak-owner");
  for (const visibility of VISIBILITIES) {
    const orgToken = `${marker}org${visibility}`;
    const org = await call("/api/v1/entities", { token: owner.token, body: { name: `Org ${orgToken}`, type: "other", description: `Organisation ${orgToken}`, visibility } });
    orgs.push({ id: org.body.id, token: orgToken, visible: (r) => RANK[r] >= NEED[visibility] });
    const lstToken = `${marker}opp${visibility}`;
    const listing = await activeListing(owner.token, { title: `Listing ${lstToken}`, description: `Leak specialist wanted ${lstToken}`, type: "offer", visibility, skills: [`${marker}skill`], remote: true, entityId: visibility === "public" ? undefined : org.body.id });
    listings.push({ id: listing.id, token: lstToken, visible: (r) => RANK[r] >= NEED[visibility] });
  }
  const pendingToken = `${marker}opppending`;
  const pending = await call("/api/v1/opportunities", { token: owner.token, body: { title: `Pending ${pendingToken}`, description: `Pending body ${pendingToken}`, type: "request", category: "other" } });
  listings.push({ id: pending.body.id, token: pendingToken, visible: (r) => r === "admin", unlisted: true });

  const hiddenToken = `${marker}orghidden`;
  const hidden = await call("/api/v1/entities", { token: owner.token, body: { name: `Org ${hiddenToken}`, type: "other", description: `Organisation ${hiddenToken}` } });
  const hiddenListingToken = `${marker}opphiddenorg`;
  const pendingHidden = await call("/api/v1/opportunities", { token: owner.token, body: { title: `Listing ${hiddenListingToken}`, description: `Leak specialist wanted ${hiddenListingToken}`, type: "offer", category: "technology", skills: [`${marker}skill`], remote: true, entityId: hidden.body.id } });
  await hideEntity(hidden.body.id);
  const hiddenListing = (await call(`/api/v1/admin/opportunities/${pendingHidden.body.id}/decision`, { token: await signInAdmin(), body: { decision: "approve" } })).body;
  orgs.push({ id: hidden.body.id, token: hiddenToken, visible: (r) => r === "admin" });
  listings.push({ id: hiddenListing.id, token: hiddenListingToken, visible: (r) => r === "admin" });

  // A suspended owner: their public organisation and their public listing (no organisation) vanish too.
  const doomed = await userWithRole("member", "leak-doomed");
  const doomedOrgToken = `${marker}orgsuspended`;
  const doomedOrg = await call("/api/v1/entities", { token: doomed.token, body: { name: `Org ${doomedOrgToken}`, type: "other", description: `Organisation ${doomedOrgToken}` } });
  const doomedListingToken = `${marker}oppsuspended`;
  const doomedListing = await activeListing(doomed.token, { title: `Listing ${doomedListingToken}`, description: `Body ${doomedListingToken}`, type: "request", category: "other" });
  const suspended = await call(`/api/v1/admin/moderation/entities/${doomedOrg.body.id}/action`, { token: await signInAdmin(), body: { action: "suspend_owner", note: "leak test" } });
  if (suspended.status !== 200) throw new Error(`suspend failed: ${suspended.status} ${JSON.stringify(suspended.body)}`);
  orgs.push({ id: doomedOrg.body.id, token: doomedOrgToken, visible: (r) => r === "admin" });
  listings.push({ id: doomedListing.id, token: doomedListingToken, visible: (r) => r === "admin", unlisted: true });

  const editor = await signInAdmin();
  for (const visibility of [...VISIBILITIES, "draft"] as const) {
    const newsToken = `${marker}news${visibility}`;
    const created = await call("/api/v1/admin/news", { token: editor, body: { title: `Leak news ${visibility}`, locale: "en", visibility: visibility === "draft" ? "public" : visibility } });
    if (created.status !== 201) throw new Error(`article failed: ${created.status} ${JSON.stringify(created.body)}`);
    await call(`/api/v1/admin/news/${created.body.id}`, { method: "PATCH", token: editor, body: { body: `Body ${newsToken}`, excerpt: `Excerpt ${newsToken}` } });
    if (visibility !== "draft") {
      await call(`/api/v1/admin/news/${created.body.id}/status`, { token: editor, body: { status: "in_review" } });
      const published = await call(`/api/v1/admin/news/${created.body.id}/status`, { token: editor, body: { status: "published" } });
      if (published.status !== 200) throw new Error(`publish failed: ${published.status} ${JSON.stringify(published.body)}`);
    }
    news.push({ id: created.body.slug, token: newsToken, public: visibility === "public", visible: (r) => visibility !== "draft" && RANK[r] >= NEED[visibility] });
  }
});

async function hideEntity(id: string) {
  const res = await call(`/api/v1/admin/moderation/entities/${id}/action`, { token: await signInAdmin(), body: { action: "hide", note: "leak test" } });
  if (res.status !== 200) throw new Error(`hide failed: ${res.status} ${JSON.stringify(res.body)}`);
}

function assertOnly(role: (typeof ROLES)[number], body: string, items: Item[], where: string) {
  for (const item of items) {
    // A page at the item's own URL echoes the id the caller asked for; only its content would be a leak.
    const shown = body.includes(item.token) || (!where.endsWith(item.id) && body.includes(item.id));
    if (!item.visible(role)) expect(shown, `${role} must not see ${item.token} in ${where}`).toBe(false);
  }
}

describe("nothing leaks", () => {
  for (const role of ROLES) {
    describe(`as ${role}`, () => {
      const opts = () => (tokens[role as keyof typeof tokens] ? { token: tokens[role as keyof typeof tokens] } : {});

      it("API lists and search show exactly what the role may see", async () => {
        const list = await call(`/api/v1/opportunities?limit=100&q=${marker}`, opts());
        const ids = new Set(list.body.items.map((i: { id: string }) => i.id));
        for (const item of listings) {
          // Browse and search list active listings only; admins see everything else that is active.
          const expected = item.visible(role) && !item.unlisted;
          expect(ids.has(item.id), `${role} search ${item.token}`).toBe(expected);
        }
        const entities = await call(`/api/v1/entities?limit=100&q=${marker}`, opts());
        const entityIds = new Set(entities.body.items.map((i: { id: string }) => i.id));
        for (const org of orgs) expect(entityIds.has(org.id), `${role} directory ${org.token}`).toBe(org.visible(role));
        assertOnly(role, JSON.stringify((await call("/api/v1/opportunities?limit=100", opts())).body), listings, "browse");
        assertOnly(role, JSON.stringify((await call("/api/v1/entities?limit=100", opts())).body), orgs, "directory");
      });

      it("API detail answers 404 for what the role may not see", async () => {
        for (const item of listings) {
          const res = await call(`/api/v1/opportunities/${item.id}`, opts());
          expect(res.status, `${role} detail ${item.token}`).toBe(item.visible(role) ? 200 : 404);
          if (!item.visible(role)) expect(JSON.stringify(res.body)).not.toContain(item.token);
        }
        for (const org of orgs) {
          const res = await call(`/api/v1/entities/${org.id}`, opts());
          expect(res.status, `${role} entity ${org.token}`).toBe(org.visible(role) ? 200 : 404);
          const its = await call(`/api/v1/opportunities?entityId=${org.id}&limit=100`, opts());
          assertOnly(role, JSON.stringify(its.body), listings, `entity ${org.token} listings`);
        }
      });

      it.runIf(role !== "visitor")("notifications tell about every visible listing and nothing else", async () => {
        // Visitors have no notifications (401); the other roles each hear about exactly what they may see.
        const token = opts().token!;
        const expected = listings.filter((l) => l.visible(role) && !l.unlisted && !l.token.endsWith("hiddenorg"));
        const matched = await eventually(async () => {
          const body = (await call("/api/v1/me/notifications?limit=100", { token })).body;
          const ids = new Set(body.items.filter((n: any) => n.type === "opportunity_matched").map((n: any) => n.data.opportunityId));
          return expected.every((l) => ids.has(l.id)) ? body : null;
        }, 15_000);
        assertOnly(role, JSON.stringify(matched), listings, "notifications");
      });

      it("news, its feeds and the sitemap show only what the role (or, for feeds, anyone) may read", async () => {
        const list = await call("/api/v1/news?limit=100", opts());
        const slugs = new Set(list.body.items.map((a: { slug: string }) => a.slug));
        for (const article of news) expect(slugs.has(article.id), `${role} news ${article.token}`).toBe(article.visible(role));
        for (const article of news) {
          const res = await call(`/api/v1/news/${article.id}`, opts());
          expect(res.status, `${role} article ${article.token}`).toBe(article.visible(role) ? 200 : 404);
          if (!article.visible(role)) expect(JSON.stringify(res.body)).not.toContain(article.token);
        }
        const headers = opts().token ? { authorization: `Bearer ${opts().token}` } : undefined;
        for (const feed of ["/feed.xml", "/atom.xml", "/sitemap.xml"]) {
          const res = await call(feed, { headers });
          expect(res.status, feed).toBe(200);
          const text = String(res.body);
          for (const article of news) expect(text.includes(article.id) || text.includes(article.token), `${role} ${feed} ${article.token}`).toBe(article.public);
        }
      });

      it("pages' HTML shows nothing the role may not see", async () => {
        const headers = opts().token ? { authorization: `Bearer ${opts().token}` } : undefined;
        const pages = ["/", "/opportunities", `/opportunities?q=${marker}`, "/entities", `/entities?q=${marker}`, "/confidential"];
        pages.push(...listings.map((l) => `/opportunities/${l.id}`), ...orgs.map((o) => `/entities/${o.id}`), "/news", ...news.map((a) => `/news/${a.id}`));
        for (const page of pages) {
          const res = await call(page, { headers });
          const own = [...listings, ...orgs, ...news].find((i) => page.endsWith(i.id));
          if (own) expect(res.status, `${role} ${page}`).toBe(own.visible(role) ? 200 : 404);
          const html = typeof res.body === "string" ? res.body : JSON.stringify(res.body);
          assertOnly(role, html, listings, page);
          assertOnly(role, html, orgs, page);
          assertOnly(role, html, news, page);
        }
      });
    });
  }
});
