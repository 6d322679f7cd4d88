/**
 * `npm run bench:startup`: time from `npm start` to the first page served, on a built tree,
 * for a first start (empty data directory: migrations, admin and demo seed) and a second start.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureBuild } from "../scripts/start";
import { freePort } from "../tests/support/global-server";

async function timeToFirstPage(dataDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: "warn" },
    stdio: "ignore",
  });
  try {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`);
        if (res.ok) {
          await res.text();
          return performance.now() - started;
        }
      } catch {
        // not listening yet
      }
      if (performance.now() - started > 120_000) throw new Error("no page within 120 s");
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
}

ensureBuild();
const runs = Number(process.env.RUNS ?? 3);
const rows: { run: number; firstStartMs: number; secondStartMs: number }[] = [];
for (let run = 1; run <= runs; run++) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "ringlet-bench-start-"));
  const firstStartMs = await timeToFirstPage(dataDir);
  const secondStartMs = await timeToFirstPage(dataDir);
  rmSync(dataDir, { recursive: true, force: true });
  rows.push({ run, firstStartMs: Math.round(firstStartMs), secondStartMs: Math.round(secondStartMs) });
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = { firstStartMedianMs: median(rows.map((r) => r.firstStartMs)), secondStartMedianMs: median(rows.map((r) => r.secondStartMs)), runs: rows };
console.table(rows);
console.log(`npm start -> first page (built tree, PGlite): first start median ${summary.firstStartMedianMs} ms, second start median ${summary.secondStartMedianMs} ms`);
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/startup.json", JSON.stringify({ at: new Date().toISOString(), ...summary }, null, 2));
