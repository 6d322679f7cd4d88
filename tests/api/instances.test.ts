import { Client } from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startServer, type StartedServer } from "../support/global-server";
import { freshServerDatabase } from "../support/server-database";

/**
 * App processes on one PostgreSQL database: two schedulers firing a pipeline every 2 seconds run each
 * tick once; a process killed mid-run leaves its run to be marked abandoned by the next trigger.
 * Server only (TEST_DATABASE_URL): PGlite is one process by design.
 */
const base = process.env.TEST_DATABASE_URL;
const servers: StartedServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

describe.runIf(Boolean(base) && process.env.RINGLET_API_DB === "postgres")("several instances on one PostgreSQL", () => {
  it("a run whose process is killed (-9) becomes abandoned after its lease, and the next trigger runs", async () => {
    const { url, drop } = await freshServerDatabase("ringlet_kill");
    const env = { DATABASE_URL: url, SEED_DEMO: "false", SCHEDULER: "off", CRON_SECRET: "kill-test-cron-secret-01234", PIPELINE_LEASE_MS: "3000", BETTER_AUTH_SECRET: "a-shared-secret-for-both-instances-0123456789" };
    const doomed = await startServer({ ...env, INSTANCE_ID: "doomed" });
    servers.push(doomed);
    // Hold a lock the pipeline needs, so its run is still going when the process dies.
    const locker = new Client({ connectionString: url });
    await locker.connect();
    await locker.query("begin");
    await locker.query("lock table events in access exclusive mode");
    const first = await fetch(`${doomed.baseUrl}/api/cron/outbox-cleanup`, { method: "POST", headers: { authorization: `Bearer ${env.CRON_SECRET}` } });
    const { runId } = (await first.json()) as { runId: string };
    expect(first.status).toBe(200);
    doomed.child.kill("SIGKILL");
    await new Promise((r) => doomed.child.once("exit", r));
    await locker.query("rollback");
    await locker.end();

    const survivor = await startServer({ ...env, INSTANCE_ID: "survivor" });
    servers.push(survivor);
    await new Promise((r) => setTimeout(r, 3500));
    const second = await fetch(`${survivor.baseUrl}/api/cron/outbox-cleanup`, { method: "POST", headers: { authorization: `Bearer ${env.CRON_SECRET}` } });
    expect(second.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    const db = new Client({ connectionString: url });
    await db.connect();
    const { rows } = await db.query("select id, status, instance from process_runs where pipeline = 'outbox-cleanup' order by started_at");
    await db.end();
    await survivor.stop();
    await drop();
    expect(rows.find((r) => r.id === runId)).toMatchObject({ status: "abandoned", instance: "doomed" });
    expect(rows.at(-1)).toMatchObject({ status: "succeeded", instance: "survivor" });
  });

  it("two schedulers firing the same schedule start exactly one run per tick", async () => {
    const { url, drop } = await freshServerDatabase("ringlet_inst");
    const env = { DATABASE_URL: url, SEED_DEMO: "false", PIPELINE_SCHEDULES: JSON.stringify({ "outbox-cleanup": "*/2 * * * * *" }), BETTER_AUTH_SECRET: "a-shared-secret-for-both-instances-0123456789" };
    servers.push(await startServer({ ...env, INSTANCE_ID: "instance-a" }));
    servers.push(await startServer({ ...env, INSTANCE_ID: "instance-b" }));
    await new Promise((r) => setTimeout(r, 9000));
    await Promise.all(servers.map((s) => s.stop()));
    const db = new Client({ connectionString: url });
    await db.connect();
    const { rows } = await db.query(
      `select date_trunc('second', started_at) as tick, count(*) filter (where status <> 'skipped')::int as runs
         from process_runs where pipeline = 'outbox-cleanup' and trigger = 'schedule' group by 1 order by 1`,
    );
    await db.end();
    await drop();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) expect(row.runs, `tick ${row.tick}`).toBe(1);
  });
});
