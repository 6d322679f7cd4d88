import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberProfiles } from "@/src/modules/members/schema";
import { notifications } from "@/src/modules/notifications/schema";
import { writeSettings } from "@/src/platform/settings/resolve";
import { actorOf, createUser, ctxFor, insertEntity, insertOpportunity } from "@/tests/support/factories";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { applications, opportunities } from "@/src/modules/opportunities/schema";
import { opportunityMatches } from "./schema";
import { explainMatch, opportunityMatchesView, runMatcher } from "./service";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.destroy());

async function member(role: "subscriber" | "member" | "confidential" = "member", profile: Partial<typeof memberProfiles.$inferInsert> = {}) {
  const u = await createUser(t.db, role);
  await t.db.insert(memberProfiles).values({ userId: u.id, headline: "React developer", skills: ["React", "Node.js"], skillsNormalized: ["react", "node.js"], categories: ["technology"], remote: true, languages: ["en"], ...profile });
  return u;
}

const listingFields = { title: "React developer wanted", description: "Build a React and Node.js app", category: "technology", skills: ["React", "Node.js"], skillsNormalized: ["react", "node.js"], remote: true };
const matchedUsers = async (id: string) => (await t.db.select().from(notifications).where(eq(notifications.type, "opportunity_matched"))).filter((n) => n.data.opportunityId === id).map((n) => n.userId);

describe(`matcher (${process.env.RINGLET_TEST_DB})`, () => {
  it("notifies matching members of an active listing, never its author, a member who blocked its organisation, one who opted out, or one who cannot see it", async () => {
    const author = await member();
    const fan = await member();
    const blocker = await member();
    const optedOut = await member("member", { notifyOnMatch: false });
    const tooLow = await member("subscriber");
    const entity = await insertEntity(t.db, author.id);
    await t.db.update(memberProfiles).set({ blockedEntityIds: [entity.id] }).where(eq(memberProfiles.userId, blocker.id));
    const listing = await insertOpportunity(t.db, author.id, { ...listingFields, visibility: "member", entityId: entity.id });
    const run = await runMatcher(t.db, listing.id, "test");
    expect(run?.notified).toBeGreaterThanOrEqual(1);
    const told = await matchedUsers(listing.id);
    expect(told).toContain(fan.id);
    for (const u of [author, blocker, optedOut, tooLow]) expect(told).not.toContain(u.id);
  });

  it("re-running never notifies twice", async () => {
    const author = await member();
    const fan = await member();
    const listing = await insertOpportunity(t.db, author.id, listingFields);
    await runMatcher(t.db, listing.id, "test");
    const second = await runMatcher(t.db, listing.id, "test");
    expect(second?.notified).toBe(0);
    expect((await matchedUsers(listing.id)).filter((u) => u === fan.id)).toHaveLength(1);
  });

  it("caps notifications per listing and per member per day", async () => {
    await writeSettings(t.db, [{ name: "MATCHER_MAX_NOTIFICATIONS_PER_LISTING", value: 1 }], null);
    const author = await member();
    await member();
    await member();
    const listing = await insertOpportunity(t.db, author.id, listingFields);
    await runMatcher(t.db, listing.id, "test");
    expect(await matchedUsers(listing.id)).toHaveLength(1);
    await writeSettings(t.db, [{ name: "MATCHER_MAX_NOTIFICATIONS_PER_LISTING", value: 50 }, { name: "MATCHER_MAX_NOTIFICATIONS_PER_USER_PER_DAY", value: 0 }], null);
    const other = await insertOpportunity(t.db, author.id, listingFields);
    await runMatcher(t.db, other.id, "test");
    expect(await matchedUsers(other.id)).toEqual([]);
    await writeSettings(t.db, [{ name: "MATCHER_MAX_NOTIFICATIONS_PER_USER_PER_DAY", value: 5 }], null);
  });

  it("a pending listing is scored but nobody is notified; auto-approval follows the settings", async () => {
    const author = await createUser(t.db, "member", { createdAt: new Date("2026-01-01T00:00:00Z") });
    await member();
    const listing = await insertOpportunity(t.db, author.id, { ...listingFields, status: "pending", publishedAt: null });
    const off = await runMatcher(t.db, listing.id, "test");
    expect(off?.autoApproval).toBe("auto_approve_disabled");
    expect(await matchedUsers(listing.id)).toEqual([]);
    expect((await t.db.select().from(opportunityMatches).where(eq(opportunityMatches.opportunityId, listing.id))).length).toBeGreaterThan(0);

    await writeSettings(t.db, [{ name: "MATCHER_AUTO_APPROVE", value: true }, { name: "MATCHER_AUTO_APPROVE_LOCAL_ONLY", value: true }, { name: "MATCHER_AUTO_APPROVE_MIN_SCORE", value: 0.5 }], null);
    const on = await runMatcher(t.db, listing.id, "test");
    expect(on?.autoApproval).toBe("approved");
    const [row] = await t.db.select().from(opportunities).where(eq(opportunities.id, listing.id));
    expect(row.status).toBe("active");
    expect((await matchedUsers(listing.id)).length).toBeGreaterThan(0);

    const young = await createUser(t.db, "member");
    const fresh = await insertOpportunity(t.db, young.id, { ...listingFields, status: "pending", publishedAt: null });
    expect((await runMatcher(t.db, fresh.id, "test"))?.autoApproval).toBe("safety_hold");
    await writeSettings(t.db, [{ name: "MATCHER_AUTO_APPROVE", value: false }], null);
  });

  it("stores a breakdown and an explanation per match", async () => {
    const author = await member();
    const fan = await member("member", { skills: ["React"], skillsNormalized: ["react"] });
    const listing = await insertOpportunity(t.db, author.id, listingFields);
    await runMatcher(t.db, listing.id, "test");
    const [m] = await t.db.select().from(opportunityMatches).where(and(eq(opportunityMatches.opportunityId, listing.id), eq(opportunityMatches.userId, fan.id)));
    expect(m.explanation).toContain("1 of 2 skills: React");
    expect(Object.keys(m.breakdown).sort()).toEqual(["activity", "category", "language", "location", "skills", "text"]);
  });

  it("the daily digest gathers the matches the daily cap held back, once", async () => {
    const { sendMatchDigests } = await import("./digest");
    await writeSettings(t.db, [{ name: "MATCHER_MAX_NOTIFICATIONS_PER_USER_PER_DAY", value: 0 }], null);
    const author = await member();
    const fan = await member();
    const a = await insertOpportunity(t.db, author.id, { ...listingFields, title: "Digest one" });
    const b = await insertOpportunity(t.db, author.id, { ...listingFields, title: "Digest two" });
    await runMatcher(t.db, a.id, "test");
    await runMatcher(t.db, b.id, "test");
    expect(await matchedUsers(a.id)).not.toContain(fan.id);
    const first = await sendMatchDigests(t.db);
    expect(first.members).toBeGreaterThanOrEqual(1);
    const digests = (await t.db.select().from(notifications).where(eq(notifications.userId, fan.id))).filter((n) => n.type === "matches_digest");
    expect(digests).toHaveLength(1);
    expect(String(digests[0].data.titles)).toContain("Digest");
    expect((await sendMatchDigests(t.db)).members).toBe(0);
    await writeSettings(t.db, [{ name: "MATCHER_MAX_NOTIFICATIONS_PER_USER_PER_DAY", value: 5 }], null);
  });

  it("a match's explanation: the member and admins; the author only about applicants, else the same 404 as no match", async () => {
    const author = await member();
    const applicant = await member();
    const bystander = await member();
    const admin = await createUser(t.db, "admin");
    const listing = await insertOpportunity(t.db, author.id, listingFields);
    await runMatcher(t.db, listing.id, "test");
    const explain = (who: typeof author, about: typeof author) => explainMatch(ctxFor(t.db, actorOf(who)), listing.id, about.id);
    const refusal = (p: Promise<unknown>) => p.then(() => null, (e: { code?: string; message?: string }) => `${e.code}: ${e.message}`);

    expect((await explain(applicant, applicant)).breakdown).toBeTruthy();
    expect((await explain(admin, applicant)).explanation).toBeTruthy();
    const noMatch = await refusal(explainMatch(ctxFor(t.db, actorOf(author)), listing.id, "no-such-user"));
    expect(noMatch).toMatch(/^not_found/);
    expect(await refusal(explain(author, applicant))).toBe(noMatch);
    expect(await refusal(explain(bystander, applicant))).toBe(noMatch);

    await t.db.insert(applications).values({ opportunityId: listing.id, applicantId: applicant.id, message: "Hello" });
    expect((await explain(author, applicant)).score).toBeGreaterThan(0);
    expect(await refusal(explain(author, bystander))).toBe(noMatch);
    await t.db.update(applications).set({ status: "withdrawn" }).where(eq(applications.applicantId, applicant.id));
    expect(await refusal(explain(author, applicant))).toBe(noMatch);

    const view = await opportunityMatchesView(ctxFor(t.db, actorOf(author)), listing.id);
    expect(view).not.toHaveProperty("items");
  });

  it("the digest honours a block made after scoring", async () => {
    const { sendMatchDigests } = await import("./digest");
    await writeSettings(t.db, [{ name: "MATCHER_MAX_NOTIFICATIONS_PER_USER_PER_DAY", value: 0 }], null);
    try {
      const author = await member();
      const fan = await member();
      const entity = await insertEntity(t.db, author.id);
      const listing = await insertOpportunity(t.db, author.id, { ...listingFields, title: "Blocked after scoring", entityId: entity.id });
      await runMatcher(t.db, listing.id, "test");
      await t.db.update(memberProfiles).set({ blockedEntityIds: [entity.id] }).where(eq(memberProfiles.userId, fan.id));
      await sendMatchDigests(t.db);
      const digests = (await t.db.select().from(notifications).where(eq(notifications.userId, fan.id))).filter((n) => String(n.data.titles ?? "").includes("Blocked after scoring"));
      expect(digests).toEqual([]);
    } finally {
      await writeSettings(t.db, [{ name: "MATCHER_MAX_NOTIFICATIONS_PER_USER_PER_DAY", value: 5 }], null);
    }
  });
});
