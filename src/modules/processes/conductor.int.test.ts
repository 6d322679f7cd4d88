import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications } from "@/src/modules/notifications/schema";
import { openDatabase } from "@/src/platform/db/client";
import { createUser } from "@/tests/support/factories";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { startRun } from "./conductor";
import type { Pipeline } from "./registry";
import { pipelineState, processRuns } from "./schema";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.destroy());

let release: (() => void) | null = null;
const pipelines: Pipeline[] = [
  { name: "noop", description: "", schedule: "* * * * *", timezone: "UTC", module: "platform", timeoutMs: 5000, retry: { attempts: 1, backoffMs: 0 }, handler: async ({ log }) => (log("hello"), { ok: 1 }) },
  {
    name: "blocking",
    description: "",
    schedule: "* * * * *",
    timezone: "UTC",
    module: "platform",
    timeoutMs: 5000,
    retry: { attempts: 1, backoffMs: 0 },
    handler: () => new Promise((resolve) => (release = () => resolve({ released: true }))),
  },
  { name: "hangs", description: "", schedule: "* * * * *", timezone: "UTC", module: "platform", timeoutMs: 50, retry: { attempts: 1, backoffMs: 0 }, handler: () => new Promise(() => {}) },
  {
    name: "flaky",
    description: "",
    schedule: "* * * * *",
    timezone: "UTC",
    module: "platform",
    timeoutMs: 5000,
    retry: { attempts: 3, backoffMs: 10 },
    handler: async () => {
      flakyCalls++;
      if (flakyCalls === 1) throw new Error("first attempt fails");
      return { attempt: flakyCalls };
    },
  },
  { name: "broken", description: "", schedule: "* * * * *", timezone: "UTC", module: "platform", timeoutMs: 5000, retry: { attempts: 1, backoffMs: 0 }, handler: async () => Promise.reject(new Error("always broken")) },
];
let flakyCalls = 0;
const runsOf = (pipeline: string) => t.db.select().from(processRuns).where(eq(processRuns.pipeline, pipeline));

describe(`process conductor (${process.env.RINGLET_TEST_DB})`, () => {
  it("a run writes one ledger row with stats, logs, duration and instance", async () => {
    const started = await startRun(t.db, pipelines, "noop", { trigger: "manual" });
    expect(await started.done).toBe("succeeded");
    const [run] = await runsOf("noop");
    expect(run).toMatchObject({ status: "succeeded", trigger: "manual", attempt: 1, stats: { ok: 1 } });
    expect(run.logs[0].message).toBe("hello");
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
    expect(run.instance).toContain(String(process.pid));
  });

  it("a second trigger while a run holds the lease is recorded as skipped", async () => {
    const first = await startRun(t.db, pipelines, "blocking", { trigger: "schedule" });
    const second = await startRun(t.db, pipelines, "blocking", { trigger: "cron_route" });
    expect(second).toMatchObject({ status: "skipped", reason: "already_running" });
    release!();
    expect(await first.done).toBe("succeeded");
    const statuses = (await runsOf("blocking")).map((r) => r.status).sort();
    expect(statuses).toEqual(["skipped", "succeeded"]);
    const third = await startRun(t.db, pipelines, "blocking", { trigger: "manual" });
    release!();
    expect(await third.done).toBe("succeeded");
  });

  it("one scheduled tick runs once even when several instances fire it", async () => {
    const tick = new Date("2026-11-26T10:00:00Z");
    const a = await startRun(t.db, pipelines, "noop", { trigger: "schedule", tick });
    await a.done;
    const b = await startRun(t.db, pipelines, "noop", { trigger: "schedule", tick });
    expect(b).toMatchObject({ status: "skipped", reason: "tick_taken" });
  });

  it("a hanging handler is timed_out", async () => {
    const started = await startRun(t.db, pipelines, "hangs", { trigger: "manual" });
    expect(await started.done).toBe("timed_out");
    expect((await runsOf("hangs"))[0].error?.message).toContain("timed out");
  });

  it("a failing attempt is retried with backoff; both attempts are in the ledger", async () => {
    const started = await startRun(t.db, pipelines, "flaky", { trigger: "manual" });
    expect(await started.done).toBe("succeeded");
    const runs = (await runsOf("flaky")).sort((x, y) => x.attempt - y.attempt);
    expect(runs.map((r) => [r.attempt, r.status])).toEqual([
      [1, "failed"],
      [2, "succeeded"],
    ]);
  });

  it("a run whose instance died is abandoned when its lease expires, and the next trigger proceeds", async () => {
    const deadRun = crypto.randomUUID();
    await t.db.insert(processRuns).values({ id: deadRun, pipeline: "noop", trigger: "schedule", status: "running", instance: "dead-host:1" });
    await t.db
      .insert(pipelineState)
      .values({ pipeline: "noop", leaseOwner: "dead-host:1", leaseRunId: deadRun, leaseExpiresAt: new Date(Date.now() - 1000) })
      .onConflictDoUpdate({ target: pipelineState.pipeline, set: { leaseOwner: "dead-host:1", leaseRunId: deadRun, leaseExpiresAt: new Date(Date.now() - 1000) } });
    const next = await startRun(t.db, pipelines, "noop", { trigger: "manual" });
    expect(next.status).toBe("running");
    await next.done;
    const [dead] = await t.db.select().from(processRuns).where(eq(processRuns.id, deadRun));
    expect(dead.status).toBe("abandoned");
  });

  it("a failed run tells admins in-app, at most once per pipeline per hour", async () => {
    const admin = await createUser(t.db, "admin");
    await (await startRun(t.db, pipelines, "broken", { trigger: "manual" })).done;
    await (await startRun(t.db, pipelines, "broken", { trigger: "manual" })).done;
    const alerts = await t.db.select().from(notifications).where(eq(notifications.userId, admin.id));
    expect(alerts.filter((n) => n.type === "process_failed" && n.data.pipeline === "broken")).toHaveLength(1);
  });

  it.runIf(process.env.RINGLET_TEST_DB === "postgres")("two instances racing for the lease start exactly one run", async () => {
    // Server only: PGlite is one process, so there is no second instance to race with.
    const other = await openDatabase({ url: t.url });
    try {
      const results = await Promise.all([startRun(t.db, pipelines, "blocking", { trigger: "schedule" }), startRun(other.db, pipelines, "blocking", { trigger: "schedule" })]);
      expect(results.map((r) => r.status).sort()).toEqual(["running", "skipped"]);
      release!();
      await Promise.all(results.map((r) => r.done));
    } finally {
      await other.close();
    }
  });
});
