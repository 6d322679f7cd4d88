import { Client } from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startServer, type StartedServer } from "../support/global-server";

/**
 * Two app processes on one PostgreSQL database, both running the in-process scheduler with a
 * pipeline firing every 2 seconds: each tick must run exactly once across the two.
 * Server only (TEST_DATABASE_URL): PGlite is one process by design.
 */
const base = process.env.TEST_DATABASE_URL;
const servers: StartedServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

describe.runIf(Boolean(base) && process.env.RINGLET_API_DB === "postgres")("several instances on one PostgreSQL", () => {
  it("two schedulers firing the same schedule start exactly one run per tick", async () => {
    const name = `ringlet_inst_${process.pid}`;
    const admin = new Client({ connectionString: base });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
    const url = new URL(base!);
    url.pathname = `/${name}`;
    const env = { DATABASE_URL: url.toString(), SEED_DEMO: "false", PIPELINE_SCHEDULES: JSON.stringify({ "outbox-cleanup": "*/2 * * * * *" }), BETTER_AUTH_SECRET: "a-shared-secret-for-both-instances-0123456789" };
    servers.push(await startServer({ ...env, INSTANCE_ID: "instance-a" }));
    servers.push(await startServer({ ...env, INSTANCE_ID: "instance-b" }));
    await new Promise((r) => setTimeout(r, 9000));
    await Promise.all(servers.map((s) => s.stop()));
    const db = new Client({ connectionString: url.toString() });
    await db.connect();
    const { rows } = await db.query(
      `select date_trunc('second', started_at) as tick, count(*) filter (where status <> 'skipped')::int as runs
         from process_runs where pipeline = 'outbox-cleanup' and trigger = 'schedule' group by 1 order by 1`,
    );
    await db.end();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) expect(row.runs, `tick ${row.tick}`).toBe(1);
  });
});
