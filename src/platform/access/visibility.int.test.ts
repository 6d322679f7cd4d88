import { and, eq, inArray } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entities } from "@/src/modules/entities/schema";
import { entityViewable, entityVisibleWhere } from "@/src/modules/entities/service";
import { opportunities } from "@/src/modules/opportunities/schema";
import { opportunityViewable, opportunityVisibleWhere } from "@/src/modules/opportunities/service";
import { OPPORTUNITY_STATUSES } from "@/src/modules/opportunities/states";
import { createUser, insertEntity, insertOpportunity } from "@/tests/support/factories";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { ROLE_LADDER, type Actor } from "../auth/roles";
import { canView, VISIBILITIES } from "./visibility";

let t: TestDb;
let users: { id: string }[] = [];
beforeAll(async () => {
  t = await createTestDb();
  users = await Promise.all([0, 1, 2].map(() => createUser(t.db)));
});
afterAll(async () => t.destroy());

const actorArb = fc.record({ role: fc.constantFrom(...ROLE_LADDER), who: fc.integer({ min: 0, max: 2 }) });
const toActor = (a: { role: (typeof ROLE_LADDER)[number]; who: number }): Actor =>
  a.role === "visitor" ? { kind: "visitor", role: "visitor", userId: null } : { kind: "user", role: a.role, userId: users[a.who].id, email: "x", name: "x" };

describe(`the SQL filter and canView agree (${process.env.RINGLET_TEST_DB})`, () => {
  it("for random listings (with and without a hidden organisation) and random actors", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            visibility: fc.constantFrom(...VISIBILITIES),
            status: fc.constantFrom(...OPPORTUNITY_STATUSES),
            author: fc.integer({ min: 0, max: 2 }),
            entity: fc.constantFrom("none", "active", "hidden"),
            blockedByViewer: fc.boolean(),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        actorArb,
        async (specs, actorSpec) => {
          const rows: { row: Awaited<ReturnType<typeof insertOpportunity>>; entity: Awaited<ReturnType<typeof insertEntity>> | null }[] = [];
          for (const s of specs) {
            const entity = s.entity === "none" ? null : await insertEntity(t.db, users[s.author].id, { status: s.entity });
            rows.push({ row: await insertOpportunity(t.db, users[s.author].id, { visibility: s.visibility, status: s.status, entityId: entity?.id ?? null }), entity });
          }
          const base = toActor(actorSpec);
          const blocked = rows.filter((r, i) => r.entity && specs[i].blockedByViewer).map((r) => r.entity!.id);
          const actor = base.kind === "user" ? { ...base, blockedEntityIds: blocked } : base;
          const ids = rows.map((r) => r.row.id);
          const expected = new Set(rows.filter((r) => canView(actor, opportunityViewable(r.row, r.entity))).map((r) => r.row.id));
          const seen = await t.db.select({ id: opportunities.id }).from(opportunities).where(and(inArray(opportunities.id, ids), opportunityVisibleWhere(actor)));
          expect(new Set(seen.map((r) => r.id))).toEqual(expected);
        },
      ),
      { numRuns: 40, seed: 20261126 },
    );
  });

  it("for random organisations and random actors", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ visibility: fc.constantFrom(...VISIBILITIES), status: fc.constantFrom("active", "hidden"), owner: fc.integer({ min: 0, max: 2 }) }), { minLength: 1, maxLength: 8 }),
        actorArb,
        async (specs, actorSpec) => {
          const actor = toActor(actorSpec);
          const rows = await Promise.all(specs.map((s) => insertEntity(t.db, users[s.owner].id, { visibility: s.visibility, status: s.status })));
          const expected = new Set(rows.filter((r) => canView(actor, entityViewable(r))).map((r) => r.id));
          const seen = await t.db.select({ id: entities.id }).from(entities).where(and(inArray(entities.id, rows.map((r) => r.id)), entityVisibleWhere(actor)));
          expect(new Set(seen.map((r) => r.id))).toEqual(expected);
        },
      ),
      { numRuns: 40, seed: 20261126 },
    );
  });

  it("an owner sees their own hidden organisation; nobody else but admins does", async () => {
    const [owner, other] = users;
    const hidden = await insertEntity(t.db, owner.id, { status: "hidden" });
    const visibleTo = async (actor: Actor) =>
      (await t.db.select({ id: entities.id }).from(entities).where(and(eq(entities.id, hidden.id), entityVisibleWhere(actor)))).length === 1;
    expect(await visibleTo({ kind: "user", role: "subscriber", userId: owner.id, email: "", name: "" })).toBe(true);
    expect(await visibleTo({ kind: "user", role: "confidential", userId: other.id, email: "", name: "" })).toBe(false);
    expect(await visibleTo({ kind: "user", role: "admin", userId: other.id, email: "", name: "" })).toBe(true);
  });
});
