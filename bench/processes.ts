/**
 * `npm run bench:processes`: 1,000 runs of a no-op pipeline through the conductor (lease, ledger row,
 * result, lease release) one after another, then 4 pipelines in parallel; on PGlite and PostgreSQL.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startRun } from "../src/modules/processes/conductor";
import type { Pipeline } from "../src/modules/processes/registry";
import { openDatabase } from "../src/platform/db/client";
import { migrateDatabase } from "../src/platform/db/migrate";
import { benchDatabase, writeResults } from "./support";

const RUNS = Number(process.env.BENCH_RUNS ?? 1000);
const kinds = (process.env.BENCH_DB ?? "pglite,postgres").split(",");
const noop = (name: string): Pipeline => ({ name, description: "", schedule: "* * * * *", timezone: "UTC", module: "platform", timeoutMs: 10_000, retry: { attempts: 1, backoffMs: 0 }, handler: async () => ({}) });
const pipelines = ["noop-1", "noop-2", "noop-3", "noop-4"].map(noop);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function runMany(db: Parameters<typeof startRun>[0], name: string, count: number, times: number[]) {
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const started = await startRun(db, pipelines, name, { trigger: "manual" });
    await started.done;
    times.push(performance.now() - t0);
  }
}

const results = [];
for (const kind of kinds) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "ringlet-bench-proc-"));
  const url = kind === "postgres" ? await benchDatabase("ringlet_bench_processes") : undefined;
  const database = await openDatabase({ url, dataDir });
  await migrateDatabase(database);
  await runMany(database.db, "noop-1", 20, []);
  const serial: number[] = [];
  const t0 = performance.now();
  await runMany(database.db, "noop-1", RUNS, serial);
  const serialSeconds = (performance.now() - t0) / 1000;
  const parallel: number[] = [];
  const t1 = performance.now();
  await Promise.all(pipelines.map((p) => runMany(database.db, p.name, RUNS / 4, parallel)));
  const parallelSeconds = (performance.now() - t1) / 1000;
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
  results.push({
    kind,
    runs: RUNS,
    perRunP50Ms: Math.round(pct(serial, 50) * 100) / 100,
    perRunP95Ms: Math.round(pct(serial, 95) * 100) / 100,
    serialRunsPerSec: Math.round(RUNS / serialSeconds),
    parallel4RunsPerSec: Math.round(RUNS / parallelSeconds),
  });
}
console.table(results.map((r) => ({ db: r.kind, runs: r.runs, "overhead p50 ms": r.perRunP50Ms, "overhead p95 ms": r.perRunP95Ms, "runs/s (1 pipeline)": r.serialRunsPerSec, "runs/s (4 in parallel)": r.parallel4RunsPerSec })));
writeResults("processes", { results });
