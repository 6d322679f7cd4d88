import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/src/modules/audit/schema";
import { events } from "@/src/platform/events/schema";
import { user } from "@/src/platform/auth/schema";
import { VISITOR } from "@/src/platform/auth/roles";
import { actorOf, createUser, ctxFor } from "@/tests/support/factories";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { getMe, listUsers, setRole, updateProfile } from "./service";
import { memberProfiles } from "./schema";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.destroy());

describe(`members service (${process.env.RINGLET_TEST_DB})`, () => {
  it("updateProfile stores normalised skills and emits one member.profile_updated event", async () => {
    const u = await createUser(t.db);
    const ctx = ctxFor(t.db, actorOf(u));
    const profile = await updateProfile(ctx, { skills: ["Go", " go ", "Kubernetes"], categories: ["technology"], languages: ["UK"] });
    expect(profile.skills).toEqual(["Go", "Kubernetes"]);
    const [row] = await t.db.select().from(memberProfiles).where(eq(memberProfiles.userId, u.id));
    expect(row.skillsNormalized).toEqual(["go", "kubernetes"]);
    const emitted = await t.db.select().from(events).where(eq(events.aggregateId, u.id));
    expect(emitted.map((e) => e.type)).toEqual(["member.profile_updated"]);
  });

  it("a bad profile changes nothing and emits nothing", async () => {
    const u = await createUser(t.db);
    const ctx = ctxFor(t.db, actorOf(u));
    await expect(updateProfile(ctx, { skills: ["x"], categories: ["nope"] })).rejects.toThrow();
    expect(await t.db.select().from(memberProfiles).where(eq(memberProfiles.userId, u.id))).toEqual([]);
    expect(await t.db.select().from(events).where(eq(events.aggregateId, u.id))).toEqual([]);
  });

  it("getMe needs a signed-in actor", async () => {
    await expect(getMe(ctxFor(t.db, VISITOR))).rejects.toMatchObject({ code: "unauthenticated" });
  });

  it("setRole changes the role with one audit row and one event", async () => {
    const admin = await createUser(t.db, "admin");
    const target = await createUser(t.db);
    const result = await setRole(ctxFor(t.db, actorOf(admin)), { userId: target.id, role: "confidential" });
    expect(result.role).toBe("confidential");
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.targetId, target.id));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorId: admin.id, action: "user.role_changed", data: { from: "subscriber", to: "confidential" } });
    const emitted = await t.db.select().from(events).where(eq(events.aggregateId, target.id));
    expect(emitted.map((e) => e.type)).toEqual(["user.role_changed"]);
  });

  it("setRole by a non-admin is forbidden and changes nothing", async () => {
    const member = await createUser(t.db, "member");
    const target = await createUser(t.db);
    await expect(setRole(ctxFor(t.db, actorOf(member)), { userId: target.id, role: "admin" })).rejects.toMatchObject({ code: "forbidden" });
    const [row] = await t.db.select().from(user).where(eq(user.id, target.id));
    expect(row.role).toBe("subscriber");
  });

  it("the only admin cannot be demoted", async () => {
    const fresh = await createTestDb();
    try {
      const admin = await createUser(fresh.db, "admin");
      await expect(setRole(ctxFor(fresh.db, actorOf(admin)), { userId: admin.id, role: "member" })).rejects.toMatchObject({ code: "conflict" });
    } finally {
      await fresh.destroy();
    }
  });

  it("listUsers refuses visitors and members before reading anything", async () => {
    await expect(listUsers(ctxFor(t.db, VISITOR), {})).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(listUsers(ctxFor(t.db, actorOf(await createUser(t.db, "confidential"))), {})).rejects.toMatchObject({ code: "forbidden" });
  });

  it("listUsers pages through everyone exactly once, stable under inserts", async () => {
    const adminCtx = ctxFor(t.db, actorOf(await createUser(t.db, "admin")));
    const seen = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listUsers(adminCtx, { limit: 2, cursor });
      if (pages === 0) await createUser(t.db); // inserted mid-walk: must not duplicate or skip
      page.items.forEach((u) => {
        expect(seen.has(u.id)).toBe(false);
        seen.add(u.id);
      });
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    const all = await t.db.select({ id: user.id }).from(user);
    expect(seen.size).toBe(all.length);
  });
});
