import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { events } from "@/src/platform/events/schema";
import { VISITOR } from "@/src/platform/auth/roles";
import { actorOf, createUser, ctxFor, insertEntity } from "@/tests/support/factories";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { createEntity, updateEntity } from "@/src/modules/entities/service";
import { opportunities, opportunityTransitions } from "./schema";
import {
  applyToOpportunity,
  changeOpportunityStatus,
  createOpportunity,
  decideOpportunity,
  deleteOpportunity,
  expireOpportunities,
  getOpportunityDetail,
  listOpportunities,
  myOpportunities,
  updateOpportunity,
} from "./service";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.destroy());

const base = { title: "Need a React developer", description: "Build a booking page for our studio", type: "request" as const, category: "technology" };

async function approved(authorCtx: ReturnType<typeof ctxFor>, adminCtx: ReturnType<typeof ctxFor>, input: Partial<Parameters<typeof createOpportunity>[1]> = {}) {
  const created = await createOpportunity(authorCtx, { ...base, ...input });
  return decideOpportunity(adminCtx, { id: created.id, decision: "approve" });
}

describe(`opportunities service (${process.env.RINGLET_TEST_DB})`, () => {
  it("a subscriber posts a request: pending, one transition, one opportunity.created event", async () => {
    const author = await createUser(t.db);
    const created = await createOpportunity(ctxFor(t.db, actorOf(author)), { ...base, skills: ["React", "react ", "CSS"] });
    expect(created).toMatchObject({ status: "pending", skills: ["React", "CSS"], visibility: "public" });
    const transitions = await t.db.select().from(opportunityTransitions).where(eq(opportunityTransitions.opportunityId, created.id));
    expect(transitions.map((x) => [x.fromStatus, x.toStatus])).toEqual([[null, "pending"]]);
    const emitted = await t.db.select().from(events).where(eq(events.aggregateId, created.id));
    expect(emitted.map((e) => e.type)).toEqual(["opportunity.created"]);
  });

  it("offer-like types need membership; a subscriber gets 403 and nothing is written", async () => {
    const author = await createUser(t.db);
    await expect(createOpportunity(ctxFor(t.db, actorOf(author)), { ...base, type: "job" })).rejects.toMatchObject({ code: "forbidden" });
    expect(await t.db.select().from(opportunities).where(eq(opportunities.authorId, author.id))).toEqual([]);
  });

  it("a listing linked to an organisation needs its ownership and is never more visible than it", async () => {
    const owner = await createUser(t.db, "member");
    const stranger = await createUser(t.db, "member");
    const org = await createEntity(ctxFor(t.db, actorOf(owner)), { name: "Studio", type: "arts_culture", description: "A studio", visibility: "member" });
    await expect(createOpportunity(ctxFor(t.db, actorOf(stranger)), { ...base, type: "job", entityId: org.id })).rejects.toMatchObject({ code: "forbidden" });
    const created = await createOpportunity(ctxFor(t.db, actorOf(owner)), { ...base, type: "job", entityId: org.id, visibility: "public" });
    expect(created.visibility).toBe("member");

    const confidentialOwner = await createUser(t.db, "confidential");
    const secret = await createEntity(ctxFor(t.db, actorOf(confidentialOwner)), { name: "Quiet", type: "other", description: "Quiet org" });
    const listing = await createOpportunity(ctxFor(t.db, actorOf(confidentialOwner)), { ...base, type: "job", entityId: secret.id });
    await updateEntity(ctxFor(t.db, actorOf(confidentialOwner)), { id: secret.id, visibility: "confidential" });
    const [row] = await t.db.select().from(opportunities).where(eq(opportunities.id, listing.id));
    expect(row.visibility).toBe("confidential");
  });

  it("an illegal transition is 409 and changes nothing", async () => {
    const author = await createUser(t.db);
    const created = await createOpportunity(ctxFor(t.db, actorOf(author)), { ...base, submit: false });
    await expect(changeOpportunityStatus(ctxFor(t.db, actorOf(author)), { id: created.id, status: "active" })).rejects.toMatchObject({ code: "conflict" });
    await expect(changeOpportunityStatus(ctxFor(t.db, actorOf(author)), { id: created.id, status: "closed" })).rejects.toMatchObject({ code: "conflict" });
    const [row] = await t.db.select().from(opportunities).where(eq(opportunities.id, created.id));
    expect(row.status).toBe("draft");
    expect(await t.db.select().from(opportunityTransitions).where(eq(opportunityTransitions.opportunityId, created.id))).toHaveLength(1);
  });

  it("review: admin approves (published) or rejects with a required note; the author sees the timeline", async () => {
    const author = await createUser(t.db);
    const admin = await createUser(t.db, "admin");
    const a = await approved(ctxFor(t.db, actorOf(author)), ctxFor(t.db, actorOf(admin)));
    expect(a.status).toBe("active");
    expect(a.publishedAt).not.toBeNull();

    const b = await createOpportunity(ctxFor(t.db, actorOf(author)), base);
    await expect(decideOpportunity(ctxFor(t.db, actorOf(admin)), { id: b.id, decision: "reject" })).rejects.toMatchObject({ code: "validation_failed" });
    await decideOpportunity(ctxFor(t.db, actorOf(admin)), { id: b.id, decision: "reject", note: "Too vague" });
    const detail = await getOpportunityDetail(ctxFor(t.db, actorOf(author)), b.id);
    expect(detail.timeline.map((x) => x.to)).toEqual(["pending", "rejected"]);
    expect(detail.timeline[1]).toMatchObject({ note: "Too vague", actorKind: "admin" });
    await expect(decideOpportunity(ctxFor(t.db, actorOf(author)), { id: b.id, decision: "approve" })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("an author's change of title, skills, type, budget or location sends an active listing back to review; other fields and reordered skills do not", async () => {
    const author = await createUser(t.db, "member");
    const admin = await createUser(t.db, "admin");
    const authorCtx = ctxFor(t.db, actorOf(author));
    const adminCtx = ctxFor(t.db, actorOf(admin));
    const listing = { skills: ["React", "CSS"], budget: { min: 100, max: 200, currency: "USD" as const }, location: "Lviv" };
    const unchanged = await approved(authorCtx, adminCtx, listing);
    const sameAgain = { ...base, ...listing, skills: ["css", "React"], location: "Lviv", remote: true };
    expect((await updateOpportunity(authorCtx, { id: unchanged.id, ...sameAgain })).status).toBe("active");
    for (const change of [{ title: "Need a Vue developer" }, { skills: ["Vue"] }, { type: "job" as const }, { budget: { min: 100, max: 300, currency: "USD" as const } }, { budget: null }, { location: "CHEAP PILLS: visit scam.example" }]) {
      const live = await approved(authorCtx, adminCtx, listing);
      const edited = await updateOpportunity(authorCtx, { id: live.id, ...change });
      expect(edited.status, JSON.stringify(change)).toBe("pending");
      const detail = await getOpportunityDetail(authorCtx, live.id);
      expect(detail.timeline.at(-1)).toMatchObject({ from: "active", to: "pending", actorKind: "owner", note: "Edited: back to review" });
    }
  });

  it("an admin's edit of what was reviewed leaves an active listing active", async () => {
    const author = await createUser(t.db, "member");
    const admin = await createUser(t.db, "admin");
    const live = await approved(ctxFor(t.db, actorOf(author)), ctxFor(t.db, actorOf(admin)));
    const edited = await updateOpportunity(ctxFor(t.db, actorOf(admin)), { id: live.id, title: "Need a Vue developer", skills: ["Vue"], type: "job", budget: { max: 500, currency: "EUR" } });
    expect(edited).toMatchObject({ status: "active", title: "Need a Vue developer", skills: ["Vue"], type: "job", budget: { min: null, max: 500, currency: "EUR" } });
  });

  it("pending and draft listings are not_found for everyone but the author and admins", async () => {
    const author = await createUser(t.db);
    const other = await createUser(t.db, "confidential");
    const created = await createOpportunity(ctxFor(t.db, actorOf(author)), base);
    await expect(getOpportunityDetail(ctxFor(t.db, actorOf(other)), created.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(getOpportunityDetail(ctxFor(t.db, VISITOR), created.id)).rejects.toMatchObject({ code: "not_found" });
    expect((await getOpportunityDetail(ctxFor(t.db, actorOf(author)), created.id)).id).toBe(created.id);
  });

  it("applying twice is 409; applying to your own listing is 409", async () => {
    const author = await createUser(t.db);
    const admin = await createUser(t.db, "admin");
    const applicant = await createUser(t.db);
    const live = await approved(ctxFor(t.db, actorOf(author)), ctxFor(t.db, actorOf(admin)));
    await applyToOpportunity(ctxFor(t.db, actorOf(applicant)), { opportunityId: live.id, message: "I have done this five times" });
    await expect(applyToOpportunity(ctxFor(t.db, actorOf(applicant)), { opportunityId: live.id, message: "Me again, applying twice" })).rejects.toMatchObject({ code: "conflict" });
    await expect(applyToOpportunity(ctxFor(t.db, actorOf(author)), { opportunityId: live.id, message: "My own listing, hmm" })).rejects.toMatchObject({ code: "conflict" });
  });

  it("authors delete only archived listings", async () => {
    const author = await createUser(t.db);
    const created = await createOpportunity(ctxFor(t.db, actorOf(author)), { ...base, submit: false });
    await expect(deleteOpportunity(ctxFor(t.db, actorOf(author)), created.id)).rejects.toMatchObject({ code: "conflict" });
    await changeOpportunityStatus(ctxFor(t.db, actorOf(author)), { id: created.id, status: "archived" });
    await deleteOpportunity(ctxFor(t.db, actorOf(author)), created.id);
    expect(await t.db.select().from(opportunities).where(eq(opportunities.id, created.id))).toEqual([]);
  });

  it("expiry moves overdue active listings to expired once, recorded as a system move", async () => {
    const author = await createUser(t.db);
    const admin = await createUser(t.db, "admin");
    const live = await approved(ctxFor(t.db, actorOf(author)), ctxFor(t.db, actorOf(admin)), { expiresAt: new Date(Date.now() + 3600_000).toISOString() });
    const later = new Date(Date.now() + 2 * 3600_000);
    expect(await expireOpportunities(t.db, later)).toBeGreaterThanOrEqual(1);
    expect(await expireOpportunities(t.db, later)).toBe(0);
    const detail = await getOpportunityDetail(ctxFor(t.db, actorOf(author)), live.id);
    expect(detail.status).toBe("expired");
    expect(detail.timeline.at(-1)).toMatchObject({ to: "expired", actorKind: "system" });
  });

  it("search finds a Ukrainian listing by an inflected word, and filters by category and skills", async () => {
    const author = await createUser(t.db);
    const admin = await createUser(t.db, "admin");
    const uk = await approved(ctxFor(t.db, actorOf(author)), ctxFor(t.db, actorOf(admin)), {
      title: "Шукаємо перекладача технічної документації",
      description: "Переклад інтерфейсу з англійської українською",
      category: "localization",
      skills: ["Translation", "CAT tools"],
    });
    const ctx = ctxFor(t.db, VISITOR);
    expect((await listOpportunities(ctx, { q: "перекладач" })).items.map((i) => i.id)).toContain(uk.id);
    expect((await listOpportunities(ctx, { q: "документація" })).items.map((i) => i.id)).toContain(uk.id);
    expect((await listOpportunities(ctx, { category: "localization" })).items.map((i) => i.id)).toContain(uk.id);
    expect((await listOpportunities(ctx, { category: "finance" })).items.map((i) => i.id)).not.toContain(uk.id);
    expect((await listOpportunities(ctx, { skills: "translation" })).items.map((i) => i.id)).toContain(uk.id);
  });

  it("browse pages through every active listing exactly once, even with inserts between pages", async () => {
    const author = await createUser(t.db);
    const admin = await createUser(t.db, "admin");
    for (let i = 0; i < 5; i++) await approved(ctxFor(t.db, actorOf(author)), ctxFor(t.db, actorOf(admin)), { title: `Paging listing ${i}` });
    const ctx = ctxFor(t.db, VISITOR);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listOpportunities(ctx, { limit: 2, cursor });
      if (pages++ === 0) await approved(ctxFor(t.db, actorOf(author)), ctxFor(t.db, actorOf(admin)), { title: "Inserted while paging" });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    const active = await t.db.select({ id: opportunities.id }).from(opportunities).where(eq(opportunities.status, "active"));
    // Newest first: the listing inserted after page one sorts before the cursor, so it is the only one not seen.
    expect(seen.length).toBe(active.length - 1);
  });

  it("my opportunities counts each view", async () => {
    const author = await createUser(t.db);
    const ctx = ctxFor(t.db, actorOf(author));
    await createOpportunity(ctx, { ...base, submit: false });
    await createOpportunity(ctx, base);
    const mine = await myOpportunities(ctx, { view: "drafts" });
    expect(mine.items).toHaveLength(1);
    expect(mine.counts).toMatchObject({ all: 2, drafts: 1, pending: 1, active: 0, archived: 0 });
  });

  it("a hidden organisation's listings disappear for others", async () => {
    const owner = await createUser(t.db, "member");
    const admin = await createUser(t.db, "admin");
    const entity = await insertEntity(t.db, owner.id);
    const live = await approved(ctxFor(t.db, actorOf(owner)), ctxFor(t.db, actorOf(admin)), { type: "job", entityId: entity.id });
    const { entities } = await import("@/src/modules/entities/schema");
    await t.db.update(entities).set({ status: "hidden" }).where(eq(entities.id, entity.id));
    await expect(getOpportunityDetail(ctxFor(t.db, VISITOR), live.id)).rejects.toMatchObject({ code: "not_found" });
    expect((await listOpportunities(ctxFor(t.db, VISITOR), {})).items.map((i) => i.id)).not.toContain(live.id);
  });
});
