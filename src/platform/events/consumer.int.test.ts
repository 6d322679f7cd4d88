import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { logger } from "../log/logger";
import { deliverPendingEvents, type EventHandler } from "./consumer";
import { publish } from "./publish";
import { eventHandlerRuns, events } from "./schema";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.destroy());

const log = logger();

function recorder(name: string, types: readonly string[] | "*", failTimes = 0) {
  const seen: number[] = [];
  let failures = 0;
  const handler: EventHandler = {
    name,
    types,
    async handle(_db, event) {
      if (failures < failTimes) {
        failures++;
        throw new Error(`${name} boom ${failures}`);
      }
      seen.push(event.id);
    },
  };
  return { handler, seen };
}

describe(`event outbox (${process.env.RINGLET_TEST_DB})`, () => {
  it("an event published in a rolled-back transaction is never delivered", async () => {
    await t.db
      .transaction(async (tx) => {
        await publish(tx, { type: "test.rolled_back", aggregateType: "test", aggregateId: "r1" });
        throw new Error("abort");
      })
      .catch(() => {});
    expect(await t.db.select().from(events).where(eq(events.aggregateId, "r1"))).toEqual([]);
  });

  it("delivers each event once to every matching handler, in id order, and marks it processed", async () => {
    const a = recorder("a", ["test.one"]);
    const all = recorder("all", "*");
    const ids = [
      await publish(t.db, { type: "test.one", aggregateType: "test", aggregateId: "x" }),
      await publish(t.db, { type: "test.two", aggregateType: "test", aggregateId: "x" }),
    ];
    await deliverPendingEvents(t.db, [a.handler, all.handler], log);
    await deliverPendingEvents(t.db, [a.handler, all.handler], log);
    expect(a.seen).toEqual([ids[0]]);
    expect(all.seen.filter((id) => ids.includes(id))).toEqual(ids);
    const rows = await t.db.select().from(events).where(eq(events.aggregateId, "x"));
    expect(rows.every((r) => r.processedAt !== null)).toBe(true);
  });

  it("retries a failing handler with backoff without re-running the one that succeeded", async () => {
    let clock = new Date("2026-01-01T00:00:00Z");
    const now = () => clock;
    const ok = recorder("ok", ["test.retry"]);
    const flaky = recorder("flaky", ["test.retry"], 1);
    const id = await publish(t.db, { type: "test.retry", aggregateType: "test", aggregateId: "retry" });
    await t.db.update(events).set({ nextAttemptAt: clock }).where(eq(events.id, id));
    await deliverPendingEvents(t.db, [ok.handler, flaky.handler], log, { now });
    let [row] = await t.db.select().from(events).where(eq(events.id, id));
    expect(row).toMatchObject({ processedAt: null, attempts: 1 });
    expect(row.lastError).toContain("flaky boom 1");
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(clock.getTime());

    await deliverPendingEvents(t.db, [ok.handler, flaky.handler], log, { now });
    expect(flaky.seen).toEqual([]); // not due yet

    clock = new Date(clock.getTime() + 60_000);
    await deliverPendingEvents(t.db, [ok.handler, flaky.handler], log, { now });
    [row] = await t.db.select().from(events).where(eq(events.id, id));
    expect(row.processedAt).not.toBeNull();
    expect(ok.seen).toEqual([id]);
    expect(flaky.seen).toEqual([id]);
    const runs = await t.db.select().from(eventHandlerRuns).where(eq(eventHandlerRuns.eventId, id));
    expect(runs.map((r) => r.handler).sort()).toEqual(["flaky", "ok"]);
  });

  it("a handler's partial writes are undone when it throws", async () => {
    const id = await publish(t.db, { type: "test.partial", aggregateType: "test", aggregateId: "partial" });
    const partial: EventHandler = {
      name: "partial",
      types: ["test.partial"],
      async handle(db) {
        await publish(db, { type: "test.side_effect", aggregateType: "test", aggregateId: "side" });
        throw new Error("after writing");
      },
    };
    await deliverPendingEvents(t.db, [partial], log);
    expect(await t.db.select().from(events).where(eq(events.aggregateId, "side"))).toEqual([]);
    const [row] = await t.db.select().from(events).where(eq(events.id, id));
    expect(row.processedAt).toBeNull();
  });

  it("two consumers running at once deliver each event to a handler once", async () => {
    const seen: number[] = [];
    const counting: EventHandler = { name: "counting", types: ["test.concurrent"], handle: async (_db, e) => void seen.push(e.id) };
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) ids.push(await publish(t.db, { type: "test.concurrent", aggregateType: "test", aggregateId: `c${i}` }));
    const other = t.url ? await (await import("../db/client")).openDatabase({ url: t.url }) : null;
    try {
      await Promise.all([deliverPendingEvents(t.db, [counting], log), deliverPendingEvents(other?.db ?? t.db, [counting], log)]);
    } finally {
      await other?.close();
    }
    expect(seen.filter((id) => ids.includes(id)).sort((a, b) => a - b)).toEqual(ids);
  });
});
