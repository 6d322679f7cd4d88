/**
 * `npm run bench:load`: a scripted mix against one app instance, then two on the same PostgreSQL
 * database (Redis fan-out): browse 70 %, search 15 %, post a listing 5 %, apply 5 %, read
 * notifications 5 %. Prints req/s, p95, p99 and errors per run. BENCH_SECONDS (20),
 * BENCH_CONNECTIONS (50), BENCH_OPPORTUNITIES (10000), BENCH_DATABASE_URL.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { ensureBuild } from "../scripts/start";
import { readAdminCredentials, startServer, type StartedServer } from "../tests/support/global-server";
import { benchDatabase, benchMember, cli, writeResults } from "./support";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const OPPORTUNITIES = Number(process.env.BENCH_OPPORTUNITIES ?? 10_000);
const MEMBERS = 40;
const TERMS = ["developer", "design", "teacher", "nurse", "engineer", "marketing", "шукаємо", "remote", "data", "volunteer"];

interface Actor {
  token: string;
}

const json = async (base: string, p: string, body: unknown, token?: string) => {
  const res = await fetch(`${base}${p}`, { method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  return (await res.json()) as Record<string, unknown>;
};

/** Members who post and apply, promoted by the admin; their tokens are spread over the connections. */
async function members(base: string, admin: string): Promise<Actor[]> {
  const out: Actor[] = [];
  for (let i = 0; i < MEMBERS; i++) {
    out.push({ token: (await benchMember(base, admin, `load${i}-${Date.now()}@bench.local`)).token });
  }
  return out;
}

/** The sequence every connection cycles through: 14 browse, 3 search, 1 post, 1 apply, 1 notifications. */
function mix(actors: Actor[], listingIds: string[]): autocannon.Request[] {
  const pick = <T,>(list: T[]) => list[Math.floor(Math.random() * list.length)];
  const auth = () => ({ authorization: `Bearer ${pick(actors).token}`, "content-type": "application/json" });
  const browse: autocannon.Request = { method: "GET", setupRequest: (r) => ({ ...r, path: pick(["/api/v1/opportunities", "/api/v1/opportunities?category=technology", "/api/v1/entities", "/api/v1/opportunities?remote=true"]) }) };
  const search: autocannon.Request = { method: "GET", setupRequest: (r) => ({ ...r, path: `/api/v1/opportunities?q=${encodeURIComponent(pick(TERMS))}` }) };
  const post: autocannon.Request = {
    method: "POST",
    setupRequest: (r) => ({ ...r, path: "/api/v1/opportunities", headers: auth(), body: JSON.stringify({ title: `Load test request ${Math.random().toString(36).slice(2, 8)}`, description: "A listing posted by the load test", type: "request", category: "technology" }) }),
  };
  const apply: autocannon.Request = { method: "POST", setupRequest: (r) => ({ ...r, path: `/api/v1/opportunities/${pick(listingIds)}/applications`, headers: auth(), body: JSON.stringify({ message: "I would like to help with this." }) }) };
  const notifications: autocannon.Request = { method: "GET", setupRequest: (r) => ({ ...r, path: "/api/v1/me/notifications", headers: auth() }) };
  return [...Array(7).fill(browse), search, ...Array(7).fill(browse), search, post, search, apply, notifications];
}

async function hammer(base: string, requests: autocannon.Request[], connections: number) {
  const result = await autocannon({ url: base, connections, duration: SECONDS, requests });
  const l = result.latency as unknown as Record<string, number>;
  const statuses = Object.entries((result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {})
    .filter(([code]) => !code.startsWith("2"))
    .map(([code, s]) => `${code}×${s.count}`);
  return { requestsPerSec: Math.round(result.requests.average), p95: l.p95 ?? l.p97_5, p99: l.p99, errors: result.errors + result.timeouts, non2xx: result.non2xx, total: result.requests.total, statuses };
}

async function main() {
  ensureBuild();
  const url = await benchDatabase("ringlet_bench_load");
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "ringlet-bench-load-"));
  cli(["seed", "--members", "2000", "--entities", "1000", "--opportunities", String(OPPORTUNITIES)], { DATABASE_URL: url, DATA_DIR: dataDir });
  const shared = { DATABASE_URL: url, SEED_DEMO: "false", AUTH_REQUIRE_EMAIL_VERIFICATION: "false", LOG_LEVEL: "warn", RATE_LIMIT_API_PER_MINUTE: "100000000", RATE_LIMIT_AUTH_PER_MINUTE: "100000", BETTER_AUTH_SECRET: "bench-shared-secret-for-two-instances-0123", REDIS_URL: "redis://127.0.0.1:6379", TUNNEL_FANOUT: "redis" };
  const servers: StartedServer[] = [await startServer({ ...shared, DATA_DIR: dataDir, INSTANCE_ID: "one" })];
  try {
    const base = servers[0].baseUrl.replace("localhost", "127.0.0.1");
    const admin = (await json(base, "/api/v1/auth/sign-in", readAdminCredentials(dataDir))).token as string;
    const actors = await members(base, admin);
    const listings = (await (await fetch(`${base}/api/v1/opportunities?limit=100`)).json()) as { items: { id: string }[] };
    const requests = mix(actors, listings.items.map((i) => i.id));
    await hammer(base, requests, 10);
    const one = await hammer(base, requests, CONNECTIONS);

    servers.push(await startServer({ ...shared, DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "ringlet-bench-load-")), INSTANCE_ID: "two", SCHEDULER: "off" }));
    const bases = servers.map((s) => s.baseUrl.replace("localhost", "127.0.0.1"));
    const both = await Promise.all(bases.map((b) => hammer(b, requests, CONNECTIONS / 2)));
    const two = {
      requestsPerSec: both.reduce((s, r) => s + r.requestsPerSec, 0),
      p95: Math.max(...both.map((r) => r.p95)),
      p99: Math.max(...both.map((r) => r.p99)),
      errors: both.reduce((s, r) => s + r.errors, 0),
      non2xx: both.reduce((s, r) => s + r.non2xx, 0),
      total: both.reduce((s, r) => s + r.total, 0),
      statuses: both.flatMap((r) => r.statuses),
    };
    const rows = [
      { instances: 1, ...one },
      { instances: 2, ...two },
    ];
    console.log(`\n=== bench:load — ${OPPORTUNITIES} listings, ${CONNECTIONS} connections, ${SECONDS} s, mix browse 70 / search 15 / post 5 / apply 5 / notifications 5 (PostgreSQL, ${os.cpus().length} cores shared with the load generator)`);
    console.table(rows.map((r) => ({ instances: r.instances, "req/s": r.requestsPerSec, "p95 ms": r.p95, "p99 ms": r.p99, errors: r.errors, "non-2xx": r.non2xx, "non-2xx by status": r.statuses.join(" "), requests: r.total })));
    writeResults("load", { opportunities: OPPORTUNITIES, connections: CONNECTIONS, seconds: SECONDS, rows });
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

await main();
