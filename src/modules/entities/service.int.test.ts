import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/src/modules/audit/schema";
import { notifications } from "@/src/modules/notifications/schema";
import { verificationLapseOnRename } from "@/src/modules/verification/handlers";
import { verificationProcedures, verificationTransitions } from "@/src/modules/verification/schema";
import { lapseVerification } from "@/src/modules/verification/service";
import { VISITOR } from "@/src/platform/auth/roles";
import { deliverPendingEvents } from "@/src/platform/events/consumer";
import { events } from "@/src/platform/events/schema";
import { logger } from "@/src/platform/log/logger";
import { actorOf, createUser, ctxFor, insertEntity } from "@/tests/support/factories";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { entities } from "./schema";
import { getEntity, updateEntity } from "./service";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.destroy());

/** A verified organisation with the approved procedure that verified it. */
async function verifiedOrganisation(ownerId: string) {
  const org = await insertEntity(t.db, ownerId, { name: "Kyiv Robotics", verified: true, verifiedAt: new Date("2026-01-01T00:00:00Z") });
  const [procedure] = await t.db
    .insert(verificationProcedures)
    .values({ number: `VRF-2026-${org.id.slice(0, 6)}`, entityId: org.id, applicantId: ownerId, attempt: 1, status: "approved", items: [], decidedAt: new Date("2026-01-01T00:00:00Z") })
    .returning();
  return { org, procedure };
}

describe(`entities service (${process.env.RINGLET_TEST_DB})`, () => {
  it("a one-field edit of a confidential organisation changes that field only: it stays confidential and hidden from visitors", async () => {
    const owner = await createUser(t.db, "confidential");
    const org = await insertEntity(t.db, owner.id, { visibility: "confidential", tags: ["ai"], location: "Kyiv", website: "https://kyiv.example", shortDescription: "Quiet" });
    const updated = await updateEntity(ctxFor(t.db, actorOf(owner)), { id: org.id, description: "A new description" });
    expect(updated).toMatchObject({ description: "A new description", visibility: "confidential", tags: ["ai"], location: "Kyiv", website: "https://kyiv.example", shortDescription: "Quiet" });
    await expect(getEntity(ctxFor(t.db, VISITOR), org.id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("the owner's rename of a verified organisation takes the badge away at once, audited, with one event", async () => {
    const owner = await createUser(t.db, "member");
    const { org } = await verifiedOrganisation(owner.id);
    const renamed = await updateEntity(ctxFor(t.db, actorOf(owner)), { id: org.id, name: "Kyiv Robotics Group" });
    expect(renamed).toMatchObject({ name: "Kyiv Robotics Group", verified: false, verifiedAt: null });
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, org.id), eq(auditLog.action, "entity.verification_lapsed")));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorId: owner.id, data: { from: "Kyiv Robotics", to: "Kyiv Robotics Group" } });
    const emitted = await t.db.select().from(events).where(eq(events.aggregateId, org.id));
    expect(emitted.map((e) => e.type).sort()).toEqual(["entity.updated", "entity.verification_lapsed"]);
  });

  it("other edits, the same name sent again, and an admin's rename keep the badge", async () => {
    const owner = await createUser(t.db, "member");
    const admin = await createUser(t.db, "admin");
    const { org } = await verifiedOrganisation(owner.id);
    await updateEntity(ctxFor(t.db, actorOf(owner)), { id: org.id, name: "Kyiv Robotics", description: "Robots for farms" });
    await updateEntity(ctxFor(t.db, actorOf(admin)), { id: org.id, name: "Kyiv Robotics (Farms)" });
    const [row] = await t.db.select().from(entities).where(eq(entities.id, org.id));
    expect(row).toMatchObject({ name: "Kyiv Robotics (Farms)", verified: true });
    expect(await t.db.select().from(events).where(and(eq(events.aggregateId, org.id), eq(events.type, "entity.verification_lapsed")))).toEqual([]);
  });

  it("the lapse revokes the approved procedure as a system move and tells the owner once", async () => {
    const owner = await createUser(t.db, "member");
    const { org, procedure } = await verifiedOrganisation(owner.id);
    await updateEntity(ctxFor(t.db, actorOf(owner)), { id: org.id, name: "Kyiv Robotics Group" });
    await deliverPendingEvents(t.db, [verificationLapseOnRename], logger());
    const [revoked] = await t.db.select().from(verificationProcedures).where(eq(verificationProcedures.id, procedure.id));
    expect(revoked).toMatchObject({ status: "revoked", decisionNote: "“Kyiv Robotics” → “Kyiv Robotics Group”" });
    const moves = await t.db.select().from(verificationTransitions).where(eq(verificationTransitions.procedureId, procedure.id));
    expect(moves).toMatchObject([{ fromStatus: "approved", toStatus: "revoked", actorId: null }]);
    // A repeated delivery of the same event changes nothing twice.
    const [event] = await t.db.select().from(events).where(and(eq(events.aggregateId, org.id), eq(events.type, "entity.verification_lapsed")));
    await lapseVerification(t.db, { entityId: org.id, ownerId: owner.id, from: "Kyiv Robotics", to: "Kyiv Robotics Group", key: String(event.id), now: new Date() });
    const told = await t.db.select().from(notifications).where(eq(notifications.userId, owner.id));
    expect(told.map((n) => [n.type, n.data.outcome, n.link])).toEqual([["verification_decided", "renamed", `/entities/${org.id}`]]);
    expect(await t.db.select().from(verificationTransitions).where(eq(verificationTransitions.procedureId, procedure.id))).toHaveLength(1);
  });
});
