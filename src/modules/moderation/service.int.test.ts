import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/src/modules/audit/schema";
import { entities } from "@/src/modules/entities/schema";
import { opportunities } from "@/src/modules/opportunities/schema";
import { user } from "@/src/platform/auth/schema";
import { writeSettings } from "@/src/platform/settings/resolve";
import { actorOf, createUser, ctxFor, insertEntity, insertOpportunity } from "@/tests/support/factories";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { reportEntity } from "./reports";
import { listNotifications } from "@/src/modules/notifications/service";
import { moderateEntity, suspendAccount, unsuspendAccount } from "./service";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.destroy());

const statusOf = async (id: string) => (await t.db.select({ s: opportunities.status }).from(opportunities).where(eq(opportunities.id, id)))[0].s;
const entityStatus = async (id: string) => (await t.db.select({ s: entities.status }).from(entities).where(eq(entities.id, id)))[0].s;

describe(`moderation (${process.env.RINGLET_TEST_DB})`, () => {
  it("a reporter is told the outcome under the name they could see, not one given after the organisation turned confidential", async () => {
    const admin = await createUser(t.db, "admin");
    const owner = await createUser(t.db, "member");
    const reporter = await createUser(t.db, "subscriber");
    const org = await insertEntity(t.db, owner.id, { name: "Harmless Bakery", visibility: "public" });
    await reportEntity(ctxFor(t.db, actorOf(reporter)), org.id, { category: "spam", reason: "They sell something else entirely" });
    await t.db.update(entities).set({ visibility: "confidential", name: "Project Nightingale - acquisition" }).where(eq(entities.id, org.id));
    await moderateEntity(ctxFor(t.db, actorOf(admin)), { entityId: org.id, action: "dismiss", note: "Nothing wrong" });
    for (const locale of ["en", "uk"] as const) {
      const { items } = await listNotifications(ctxFor(t.db, actorOf(reporter)), { type: "report_resolved" }, locale);
      expect(items).toHaveLength(1);
      expect(JSON.stringify(items[0])).not.toContain("Nightingale");
      expect(items[0].title).toBe(locale === "en" ? "Your report about an organisation was reviewed" : "Вашу скаргу на організацію розглянуто");
    }
  });

  it("unsuspending restores the listings the suspension withdrew (not ones changed since), keeps organisations hidden, and is idempotent", async () => {
    const admin = await createUser(t.db, "admin");
    const owner = await createUser(t.db, "member");
    const org = await insertEntity(t.db, owner.id);
    const live = await insertOpportunity(t.db, owner.id, { title: "Live before" });
    const waiting = await insertOpportunity(t.db, owner.id, { title: "Pending before", status: "pending", publishedAt: null });
    const archivedSince = await insertOpportunity(t.db, owner.id, { title: "Archived after" });
    const closedBefore = await insertOpportunity(t.db, owner.id, { title: "Closed before", status: "closed" });
    await t.db.transaction((tx) => suspendAccount(tx, owner.id, admin.id, "Fraud", new Date()));
    expect([await statusOf(live.id), await statusOf(waiting.id)]).toEqual(["closed", "rejected"]);
    await t.db.update(opportunities).set({ status: "archived" }).where(eq(opportunities.id, archivedSince.id));

    const asAdmin = ctxFor(t.db, actorOf(admin));
    await expect(unsuspendAccount(ctxFor(t.db, actorOf(owner)), { userId: owner.id })).rejects.toMatchObject({ code: "forbidden" });
    const lifted = await unsuspendAccount(asAdmin, { userId: owner.id, note: "Cleared" });
    expect(lifted).toMatchObject({ changed: true, listingsRestored: 1 + 1 });
    expect([await statusOf(live.id), await statusOf(waiting.id), await statusOf(archivedSince.id), await statusOf(closedBefore.id)]).toEqual(["active", "pending", "archived", "closed"]);
    expect(await entityStatus(org.id)).toBe("hidden");
    expect((await t.db.select().from(user).where(eq(user.id, owner.id)))[0].suspendedAt).toBeNull();

    const again = await unsuspendAccount(asAdmin, { userId: owner.id });
    expect(again).toMatchObject({ changed: false, listingsRestored: 0 });
    expect((await t.db.select().from(auditLog).where(eq(auditLog.targetId, owner.id))).filter((a) => a.action === "user.unsuspend")).toHaveLength(1);
    await expect(unsuspendAccount(asAdmin, { userId: "nobody" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("auto-hide counts only reporters with a verified email and an account older than MODERATION_REPORTER_MIN_AGE_DAYS", async () => {
    await writeSettings(t.db, [{ name: "MODERATION_AUTO_HIDE_REPORTERS", value: 2 }], null);
    try {
      const owner = await createUser(t.db, "member");
      const org = await insertEntity(t.db, owner.id);
      const old = new Date(Date.now() - 30 * 86_400_000);
      const report = (who: typeof owner) => reportEntity(ctxFor(t.db, actorOf(who)), org.id, { category: "spam", reason: "They ask for money up front" });
      const fresh = await createUser(t.db, "subscriber", { emailVerified: true });
      const unverified = await createUser(t.db, "subscriber", { createdAt: old });
      const established = await createUser(t.db, "subscriber", { emailVerified: true, createdAt: old });
      await report(fresh);
      await report(unverified);
      await report(established);
      expect(await entityStatus(org.id)).toBe("active");
      await report(await createUser(t.db, "subscriber", { emailVerified: true, createdAt: old }));
      expect(await entityStatus(org.id)).toBe("hidden");
    } finally {
      await writeSettings(t.db, [{ name: "MODERATION_AUTO_HIDE_REPORTERS", value: 0 }], null);
    }
  });
});
