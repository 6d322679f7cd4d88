import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canView } from "@/src/platform/access/visibility";
import { VISITOR } from "@/src/platform/auth/roles";
import type { EventRow } from "@/src/platform/events/consumer";
import { entities } from "@/src/modules/entities/schema";
import { opportunities } from "@/src/modules/opportunities/schema";
import { createUser, insertEntity, insertOpportunity } from "@/tests/support/factories";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { tunnelPublisher } from "./handlers";
import { tunnelMessages } from "./schema";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.destroy());

let nextId = 1;
const event = (type: string, aggregateId: string, payload: Record<string, unknown> = {}): EventRow => ({
  id: nextId++,
  type,
  aggregateType: type.split(".")[0],
  aggregateId,
  actorId: null,
  payload,
  createdAt: new Date(),
  processedAt: null,
  attempts: 0,
  nextAttemptAt: new Date(),
  lastError: null,
});

/** What a visitor replaying the channel from the start would be sent about `id`. */
async function replayedToVisitor(channel: string, id: string) {
  const rows = await t.db.select().from(tunnelMessages).where(eq(tunnelMessages.channel, channel));
  return rows.filter((r) => r.data.id === id && (r.access === null || canView(VISITOR, r.access)));
}

describe(`tunnel publisher (${process.env.RINGLET_TEST_DB})`, () => {
  it("a replay never hands out the name or title of an organisation hidden since, nor of its listings", async () => {
    const owner = await createUser(t.db, "member");
    const org = await insertEntity(t.db, owner.id, { name: "HiddenOrg quokka", visibility: "public" });
    const listing = await insertOpportunity(t.db, owner.id, { title: "Listing under quokka", entityId: org.id, visibility: "public" });
    await tunnelPublisher.handle(t.db, event("entity.created", org.id));
    await tunnelPublisher.handle(t.db, event("opportunity.created", listing.id));
    expect((await replayedToVisitor("discovery:entities", org.id)).map((m) => m.data.name)).toEqual(["HiddenOrg quokka"]);
    expect((await replayedToVisitor("discovery:opportunities", listing.id)).map((m) => m.data.title)).toEqual(["Listing under quokka"]);

    await t.db.update(entities).set({ status: "hidden" }).where(eq(entities.id, org.id));
    await tunnelPublisher.handle(t.db, event("entity.hidden", org.id));
    const entityReplay = await replayedToVisitor("discovery:entities", org.id);
    expect(entityReplay.every((m) => m.data.name === undefined)).toBe(true);
    expect(await replayedToVisitor("discovery:opportunities", listing.id)).toEqual([]);
    const kept = await t.db.select().from(tunnelMessages).where(and(eq(tunnelMessages.channel, "discovery:opportunities")));
    expect(kept.some((m) => m.data.id === listing.id)).toBe(true);
  });

  it("narrows, never widens: a listing approved later does not replay its pending announcement", async () => {
    const author = await createUser(t.db, "member");
    const listing = await insertOpportunity(t.db, author.id, { title: "Pending first", status: "pending", publishedAt: null, visibility: "public" });
    await tunnelPublisher.handle(t.db, event("opportunity.created", listing.id));
    expect(await replayedToVisitor("discovery:opportunities", listing.id)).toEqual([]);
    await t.db.update(opportunities).set({ status: "active", publishedAt: new Date() }).where(eq(opportunities.id, listing.id));
    await tunnelPublisher.handle(t.db, event("opportunity.status_changed", listing.id, { from: "pending", to: "active" }));
    expect((await replayedToVisitor("discovery:opportunities", listing.id)).map((m) => m.type)).toEqual(["opportunity.status_changed"]);
  });

  it("an organisation made confidential stops replaying its old name to visitors", async () => {
    const owner = await createUser(t.db, "member");
    const org = await insertEntity(t.db, owner.id, { name: "Harmless Bakery", visibility: "public" });
    await tunnelPublisher.handle(t.db, event("entity.created", org.id));
    await t.db.update(entities).set({ visibility: "confidential", name: "Project Nightingale" }).where(eq(entities.id, org.id));
    await tunnelPublisher.handle(t.db, event("entity.updated", org.id));
    expect(await replayedToVisitor("discovery:entities", org.id)).toEqual([]);
  });
});
