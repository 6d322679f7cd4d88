/**
 * `npm run bench:browse`: 100k listings and 10k organisations seeded; list and search latency and
 * throughput at 50 connections (autocannon on 127.0.0.1), on PGlite and on the PostgreSQL server.
 * Also prints the EXPLAIN plans of the browse and search queries to show they use indexes.
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server to create `ringlet_bench` on.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { listOpportunities } from "../src/modules/opportunities/service";
import { VISITOR } from "../src/platform/auth/roles";
import { openDatabase } from "../src/platform/db/client";
import { logger } from "../src/platform/log/logger";
import { ensureBuild } from "../scripts/start";
import { readAdminCredentials, startServer } from "../tests/support/global-server";
import { benchDatabase, benchMember, cli, load, writeResults, type LoadResult } from "./support";

const OPPORTUNITIES = Number(process.env.BENCH_OPPORTUNITIES ?? 100_000);
const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const kinds = (process.env.BENCH_DB ?? "pglite,postgres").split(",");

async function explain(env: Record<string, string>) {
  const captured: { query: string; params: unknown[] }[] = [];
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR, logQuery: (query, params) => captured.push({ query, params }) });
  const ctx = { actor: VISITOR, db: database.db, log: logger(), now: () => new Date() };
  const plans: Record<string, string> = {};
  for (const [name, input] of [
    ["browse", {}],
    ["search", { q: "developer" }],
    ["filtered", { category: "technology", remote: "true" }],
  ] as const) {
    captured.length = 0;
    await listOpportunities(ctx, input);
    const { query, params } = captured.at(-1)!;
    const rows = await database.raw<{ "QUERY PLAN": string }>(`explain (analyze, costs off) ${query}`, params);
    plans[name] = rows.map((r) => r["QUERY PLAN"]).join("\n");
  }
  await database.close();
  return plans;
}

async function run(kind: string) {
  const env: Record<string, string> =
    kind === "postgres"
      ? { DATABASE_URL: await benchDatabase("ringlet_bench"), DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "ringlet-bench-")) }
      : { DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "ringlet-bench-")) };
  const started = Date.now();
  cli(["seed", "--members", "2000", "--entities", String(ENTITIES), "--opportunities", String(OPPORTUNITIES)], env);
  const seedMs = Date.now() - started;
  if (kind === "postgres") {
    const analyse = await openDatabase({ url: env.DATABASE_URL });
    await analyse.raw("analyze");
    await analyse.close();
  }
  const plans = await explain(env);
  const server = await startServer({ ...env, SEED_DEMO: "false", AUTH_REQUIRE_EMAIL_VERIFICATION: "false", RATE_LIMIT_API_PER_MINUTE: "100000000", LOG_LEVEL: "warn" });
  const results: LoadResult[] = [];
  try {
    const base = server.baseUrl.replace("localhost", "127.0.0.1");
    await load("warm-up", `${base}/api/v1/opportunities`, { seconds: 2 });
    // Visitors: answered from the 2 s micro-cache after the first request of each second or two.
    results.push(await load("browse first page", `${base}/api/v1/opportunities`, { seconds: SECONDS }));
    results.push(await load("browse, category + remote", `${base}/api/v1/opportunities?category=technology&remote=true`, { seconds: SECONDS }));
    results.push(await load("search 'developer'", `${base}/api/v1/opportunities?q=developer`, { seconds: SECONDS }));
    results.push(await load("search 'шукаємо фахівця'", `${base}/api/v1/opportunities?q=${encodeURIComponent("шукаємо фахівця")}`, { seconds: SECONDS }));
    results.push(await load("organisations directory", `${base}/api/v1/entities`, { seconds: SECONDS }));
    results.push(await load("organisations search 'studio'", `${base}/api/v1/entities?q=studio`, { seconds: SECONDS }));
    // Signed-in callers are never served from the micro-cache: these are the uncached figures.
    const adminSignIn = await fetch(`${base}/api/v1/auth/sign-in`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(readAdminCredentials(env.DATA_DIR)) });
    const member = await benchMember(base, ((await adminSignIn.json()) as { token: string }).token, "bench@bench.local");
    const headers = { authorization: `Bearer ${member.token}` };
    results.push(await load("signed in: browse first page (uncached)", `${base}/api/v1/opportunities`, { seconds: SECONDS, headers }));
    results.push(await load("signed in: search 'developer' (uncached)", `${base}/api/v1/opportunities?q=developer`, { seconds: SECONDS, headers }));
    results.push(await load("signed in: directory (uncached)", `${base}/api/v1/entities`, { seconds: SECONDS, headers }));
    results.push(await load("signed in: GET /api/v1/me", `${base}/api/v1/me`, { seconds: SECONDS, headers }));
    results.push(await load("signed in: GET /api/v1/me/notifications", `${base}/api/v1/me/notifications`, { seconds: SECONDS, headers }));
    // Server-rendered pages for the same member, 10 at a time: the latency columns are time to the whole answer.
    const listing = ((await (await fetch(`${base}/api/v1/opportunities?limit=1`, { headers })).json()) as { items: { id: string }[] }).items[0];
    for (const [name, page] of [["/", "/"], ["/opportunities", "/opportunities"], ["an opportunity page", `/opportunities/${listing.id}`], ["/notifications", "/notifications"]]) {
      results.push(await load(`signed in: page ${name}`, `${base}${page}`, { seconds: SECONDS, headers, connections: 10 }));
    }
  } finally {
    await server.stop();
    rmSync(env.DATA_DIR, { recursive: true, force: true });
  }
  return { kind, seedMs, plans, results };
}

ensureBuild();
const all = [];
for (const kind of kinds) {
  const r = await run(kind);
  all.push(r);
  console.log(`\n=== ${kind}: ${OPPORTUNITIES} listings, ${ENTITIES} organisations (seeded in ${(r.seedMs / 1000).toFixed(1)} s), 50 connections, ${SECONDS} s each`);
  console.table(r.results.map((x) => ({ endpoint: x.name, "req/s": x.requestsPerSec, "p50 ms": x.p50, "p95 ms": x.p95, "p99 ms": x.p99, errors: x.errors + x.non2xx })));
  for (const [name, plan] of Object.entries(r.plans)) console.log(`\nEXPLAIN ${name} (${kind}):\n${plan}`);
}
writeResults("browse", { opportunities: OPPORTUNITIES, entities: ENTITIES, runs: all });
