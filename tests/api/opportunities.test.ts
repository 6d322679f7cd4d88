import { describe, expect, it } from "vitest";
import { activeListing, call, signInAdmin, signUpUser, userWithRole } from "../support/http";

describe("opportunities API", () => {
  it("lists categories and types with labels in both languages", async () => {
    const res = await call("/api/v1/opportunities/categories");
    expect(res.status).toBe(200);
    expect(res.body.categories).toHaveLength(16);
    expect(res.body.categories[0]).toMatchObject({ id: "technology", label: "Technology", labels: { en: "Technology", uk: "Технології" } });
    expect(res.body.types.map((t: any) => t.id)).toContain("tender");
  });

  it("creates (201 pending), rejects an unknown category (400, nothing written), and a draft with submit:false", async () => {
    const user = await signUpUser("opp");
    const bad = await call("/api/v1/opportunities", { token: user.token, body: { title: "Bad one", description: "Category does not exist", type: "request", category: "astrology" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.category).toBe("Unknown category");
    const mine0 = await call("/api/v1/me/opportunities", { token: user.token });
    expect(mine0.body.counts.all).toBe(0);

    const created = await call("/api/v1/opportunities", { token: user.token, body: { title: "Need help moving a database", description: "PostgreSQL 12 to 16 upgrade", type: "request", category: "database_migration", skills: ["PostgreSQL"], budget: { min: 100, max: 500, currency: "EUR" } } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "pending", budget: { min: 100, max: 500, currency: "EUR" }, authorId: user.id });
    const draft = await call("/api/v1/opportunities", { token: user.token, body: { title: "Draft idea", description: "Not ready to publish yet", type: "cv", category: "other", submit: false } });
    expect(draft.body.status).toBe("draft");
    const mine = await call("/api/v1/me/opportunities?view=drafts", { token: user.token });
    expect(mine.body.items.map((i: any) => i.id)).toEqual([draft.body.id]);
    expect(mine.body.counts).toMatchObject({ all: 2, drafts: 1, pending: 1 });
  });

  it("a subscriber may not post a job (403) but a member may", async () => {
    const sub = await signUpUser("sub");
    const denied = await call("/api/v1/opportunities", { token: sub.token, body: { title: "Hiring", description: "We are hiring engineers", type: "job", category: "technology" } });
    expect(denied.status).toBe(403);
    const member = await userWithRole("member");
    const ok = await call("/api/v1/opportunities", { token: member.token, body: { title: "Hiring", description: "We are hiring engineers", type: "job", category: "technology" } });
    expect(ok.status).toBe(201);
  });

  it("status transitions: legal moves succeed, illegal ones are 409; a visitor gets 401", async () => {
    const user = await signUpUser("status");
    const created = await call("/api/v1/opportunities", { token: user.token, body: { title: "Status walk", description: "Walk the state table", type: "request", category: "other", submit: false } });
    expect((await call(`/api/v1/opportunities/${created.body.id}/status`, { token: user.token, body: { status: "active" } })).status).toBe(409);
    expect((await call(`/api/v1/opportunities/${created.body.id}/status`, { body: { status: "pending" } })).status).toBe(401);
    const submitted = await call(`/api/v1/opportunities/${created.body.id}/status`, { token: user.token, body: { status: "pending" } });
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe("pending");
    const bogus = await call(`/api/v1/opportunities/${created.body.id}/status`, { token: user.token, body: { status: "flying" } });
    expect(bogus.status).toBe(400);
  });

  it("admin queue and decision; the author sees the outcome on the timeline", async () => {
    const admin = await signInAdmin();
    const user = await signUpUser("queue");
    const created = await call("/api/v1/opportunities", { token: user.token, body: { title: "Queue me", description: "Waiting for an admin", type: "request", category: "education" } });
    const queue = await call("/api/v1/admin/opportunities?status=pending", { token: admin });
    expect(queue.body.items.some((i: any) => i.id === created.body.id && i.author.email === user.email)).toBe(true);
    expect((await call("/api/v1/admin/opportunities", { token: user.token })).status).toBe(403);
    const decided = await call(`/api/v1/admin/opportunities/${created.body.id}/decision`, { token: admin, body: { decision: "reject", note: "Please add a budget" } });
    expect(decided.body.status).toBe("rejected");
    const again = await call(`/api/v1/admin/opportunities/${created.body.id}/decision`, { token: admin, body: { decision: "approve" } });
    expect(again.status).toBe(409);
    const detail = await call(`/api/v1/opportunities/${created.body.id}`, { token: user.token });
    expect(detail.body.timeline.at(-1)).toMatchObject({ to: "rejected", note: "Please add a budget" });
  });

  it("applications: once per user (409 the second time); the author lists and shortlists", async () => {
    const author = await signUpUser("author");
    const listing = await activeListing(author.token, { title: "Apply here" });
    const applicant = await signUpUser("applicant");
    const first = await call(`/api/v1/opportunities/${listing.id}/applications`, { token: applicant.token, body: { message: "I would love to help with this" } });
    expect(first.status).toBe(201);
    const second = await call(`/api/v1/opportunities/${listing.id}/applications`, { token: applicant.token, body: { message: "Applying once more, oops" } });
    expect(second.status).toBe(409);
    expect((await call(`/api/v1/opportunities/${listing.id}/applications`, { token: applicant.token })).status).toBe(403);
    const list = await call(`/api/v1/opportunities/${listing.id}/applications`, { token: author.token });
    expect(list.body.items).toHaveLength(1);
    const shortlisted = await call(`/api/v1/applications/${first.body.id}`, { method: "PATCH", token: author.token, body: { status: "shortlisted" } });
    expect(shortlisted.body.status).toBe("shortlisted");
    const mine = await call("/api/v1/me/applications", { token: applicant.token });
    expect(mine.body.items[0]).toMatchObject({ opportunityId: listing.id, status: "shortlisted", title: "Apply here" });
  });

  it("search works for Ukrainian words, case-insensitively, anywhere in the text", async () => {
    const author = await signUpUser("ukr");
    const listing = await activeListing(author.token, { title: "Потрібен Бухгалтер для громадської організації", description: "Ведення обліку та звітності щомісяця", category: "finance" });
    for (const q of ["бухгалтера", "БУХГАЛТЕР", "звітність", "громадської організації"]) {
      const res = await call(`/api/v1/opportunities?q=${encodeURIComponent(q)}`);
      expect(res.body.items.map((i: any) => i.id), q).toContain(listing.id);
    }
    expect((await call(`/api/v1/opportunities?q=${encodeURIComponent("астрономія")}`)).body.items.map((i: any) => i.id)).not.toContain(listing.id);
    const blankFilters = await call(`/api/v1/opportunities?q=${encodeURIComponent("бухгалтер")}&budgetMin=&budgetMax=&currency=&type=&sort=`);
    expect(blankFilters.body.items.map((i: any) => i.id)).toContain(listing.id);
  });

  it("bad list parameters are 400, not 500", async () => {
    expect((await call("/api/v1/opportunities?limit=1000")).status).toBe(400);
    expect((await call("/api/v1/opportunities?category=astrology")).status).toBe(400);
    expect((await call("/api/v1/opportunities?cursor=abc")).status).toBe(400);
    expect((await call("/api/v1/opportunities/not-a-uuid")).status).toBe(404);
  });
});

describe("entities API", () => {
  it("member creates, owner edits, stranger gets 403 on edit, directory filters by type and search", async () => {
    const owner = await userWithRole("member", "org-owner");
    const created = await call("/api/v1/entities", { token: owner.token, body: { name: "Lviv Code Club", type: "education_training", description: "Програмування для підлітків у Львові", tags: ["coding", "kids"], website: "https://example.org" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ verified: false, status: "active", visibility: "public" });
    const stranger = await userWithRole("member", "stranger");
    expect((await call(`/api/v1/entities/${created.body.id}`, { method: "PATCH", token: stranger.token, body: { name: "Mine now" } })).status).toBe(403);
    const edited = await call(`/api/v1/entities/${created.body.id}`, { method: "PATCH", token: owner.token, body: { shortDescription: "Coding club" } });
    expect(edited.body.shortDescription).toBe("Coding club");
    const found = await call(`/api/v1/entities?q=${encodeURIComponent("програмування")}&type=education_training`);
    expect(found.body.items.map((e: any) => e.id)).toContain(created.body.id);
    const verifiedOnly = await call(`/api/v1/entities?verified=true`);
    expect(verifiedOnly.body.items.map((e: any) => e.id)).not.toContain(created.body.id);
  });

  it("a subscriber cannot create an organisation; a member cannot create a confidential one", async () => {
    const sub = await signUpUser("org-sub");
    expect((await call("/api/v1/entities", { token: sub.token, body: { name: "Nope", type: "other", description: "x" } })).status).toBe(403);
    const member = await userWithRole("member", "org-member");
    const res = await call("/api/v1/entities", { token: member.token, body: { name: "Secret", type: "other", description: "x", visibility: "confidential" } });
    expect(res.status).toBe(403);
    expect(res.body.error.fields.visibility).toBeTruthy();
  });

  it("bad fields are 400 with every field named", async () => {
    const member = await userWithRole("member", "org-bad");
    const res = await call("/api/v1/entities", { token: member.token, body: { name: "x", type: "spaceship", description: "", website: "ftp://nope" } });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(["description", "name", "type", "website"]);
  });
});

describe("partial updates and review (issue 19)", () => {
  it("PATCH {description} on a confidential organisation changes only the description: still confidential, still 404 to visitors", async () => {
    const owner = await userWithRole("confidential", "quiet-owner");
    const created = await call("/api/v1/entities", { token: owner.token, body: { name: "Quiet Capital", type: "financial_services", description: "Private fund", tags: ["fund"], visibility: "confidential" } });
    expect(created.status).toBe(201);
    const edited = await call(`/api/v1/entities/${created.body.id}`, { method: "PATCH", token: owner.token, body: { description: "A private fund in Kyiv" } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ description: "A private fund in Kyiv", visibility: "confidential", tags: ["fund"] });
    expect((await call(`/api/v1/entities/${created.body.id}`)).status).toBe(404);
    const subscriber = await signUpUser("quiet-reader");
    expect((await call(`/api/v1/entities/${created.body.id}`, { token: subscriber.token })).status).toBe(404);
  });

  it("PATCH {title} on a listing keeps its skills, visibility and budget; the owner's skills change of an active listing sends it back to pending, an admin's does not", async () => {
    const author = await userWithRole("member", "partial-author");
    const live = await activeListing(author.token, { title: "Members-only audit", type: "job", skills: ["Go", "SQL"], visibility: "member", budget: { min: 100, max: 900, currency: "UAH" } });
    const admin = await signInAdmin();
    const byAdmin = await call(`/api/v1/opportunities/${live.id}`, { method: "PATCH", token: admin, body: { title: "Members-only security audit", skills: ["Go", "SQL", "Rust"] } });
    expect(byAdmin.body).toMatchObject({ status: "active", title: "Members-only security audit", skills: ["Go", "SQL", "Rust"], visibility: "member", budget: { min: 100, max: 900, currency: "UAH" } });
    const retitledDraft = await call("/api/v1/opportunities", { token: author.token, body: { title: "Draft for a title edit", description: "A draft that only gets a new title", type: "job", category: "technology", skills: ["Go"], visibility: "member", submit: false } });
    const retitled = await call(`/api/v1/opportunities/${retitledDraft.body.id}`, { method: "PATCH", token: author.token, body: { title: "Draft with a new title" } });
    expect(retitled.body).toMatchObject({ title: "Draft with a new title", skills: ["Go"], visibility: "member", status: "draft" });
    const reskilled = await call(`/api/v1/opportunities/${live.id}`, { method: "PATCH", token: author.token, body: { skills: ["Python"] } });
    expect(reskilled.body).toMatchObject({ status: "pending", skills: ["Python"], visibility: "member" });
    expect((await call(`/api/v1/opportunities/${live.id}`)).status).toBe(404);
  });
});
