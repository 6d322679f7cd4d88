/**
 * `npm run bench:tunnel`: N WebSocket clients (spread over client processes) on 127.0.0.1, each
 * subscribed to discovery and its member's channel; another process publishes at a fixed rate
 * through PostgreSQL (tunnel_messages + NOTIFY, the multi-instance path); prints connections,
 * delivery latency p50/p95/p99 (overall, and apart for member-channel and discovery frames),
 * messages/s delivered, server RSS per idle connection, server CPU, and how fast the same server
 * answers GET /api/health meanwhile.
 * Then the same with SSE clients. Environment: BENCH_CLIENTS (10000), BENCH_SSE_CLIENTS (1000),
 * BENCH_RATE events/s (1000), BENCH_DISCOVERY_SHARE (0.01), BENCH_SECONDS (20), BENCH_WORKERS (4),
 * BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres).
 */
import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { appendTunnelMessages, type TunnelMessageInput } from "../src/modules/tunnel/append";
import { postgresFanout } from "../src/modules/tunnel/fanout/postgres";
import { issueTicket } from "../src/modules/tunnel/ticket";
import { openDatabase } from "../src/platform/db/client";
import { logger } from "../src/platform/log/logger";
import { ensureBuild } from "../scripts/start";
import { startServer } from "../tests/support/global-server";
import { cli, benchDatabase, writeResults } from "./support";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10_000);
const SSE_CLIENTS = Number(process.env.BENCH_SSE_CLIENTS ?? 1_000);
const RATE = Number(process.env.BENCH_RATE ?? 1_000);
const DISCOVERY_SHARE = Number(process.env.BENCH_DISCOVERY_SHARE ?? 0.01);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 4);
const SECRET = "bench-tunnel-secret-0123456789-abcdefghij";
const TOPIC = "ringlet_bench_tunnel";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rssKb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]);
}

/** User + system CPU seconds of a process so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function percentile(histogram: number[], p: number): number {
  const total = histogram.reduce((a, b) => a + b, 0);
  let seen = 0;
  for (let ms = 0; ms < histogram.length; ms++) {
    seen += histogram[ms];
    if (seen >= total * p) return ms;
  }
  return histogram.length - 1;
}

/**
 * The server's RSS once the garbage of 10,000 handshakes is collected: V8 frees it when the process
 * goes idle, so sample each second for up to 15 s after a 3 s pause and keep the lowest.
 */
async function settledRss(pid: number): Promise<number> {
  await sleep(3_000);
  let lowest = rssKb(pid);
  for (let i = 0; i < 15; i++) {
    await sleep(1_000);
    lowest = Math.min(lowest, rssKb(pid));
  }
  return lowest;
}

interface Histograms {
  member: number[];
  discovery: number[];
}

/** How long the server takes to answer a health check while it fans out: one request every 50 ms until `until`. */
async function probeHealth(baseUrl: string, until: number): Promise<number[]> {
  const times: number[] = [];
  while (Date.now() < until) {
    const t0 = performance.now();
    await fetch(`${baseUrl}/api/health`).then((r) => r.arrayBuffer());
    times.push(performance.now() - t0);
    await sleep(50);
  }
  return times;
}

function ask<T>(child: ChildProcess, msg: unknown, reply: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: { op: string }) => {
      if (m.op !== reply) return;
      child.off("message", on);
      resolve(m as T);
    };
    child.on("message", on);
    child.send(msg as object);
  });
}

async function phase(transport: "ws" | "sse", count: number, baseUrl: string, serverPid: number, userIds: string[], url: string) {
  const workers = Array.from({ length: WORKERS }, () => fork(path.join(import.meta.dirname, "tunnel-client.ts"), { execArgv: ["--import", "tsx"] }));
  const baseline = rssKb(serverPid);
  const users = userIds.slice(0, count);
  const t0 = Date.now();
  const ready = await Promise.all(
    workers.map((w, i) => {
      const mine = users.filter((_, j) => j % WORKERS === i).map((userId) => ({ userId, ticket: issueTicket(SECRET, userId).ticket }));
      return ask<{ connected: number; failed: number }>(w, { op: "start", start: { transport, baseUrl, clients: mine } }, "ready");
    }),
  );
  const connectSeconds = (Date.now() - t0) / 1000;
  const connected = ready.reduce((a, r) => a + r.connected, 0);
  const failed = ready.reduce((a, r) => a + r.failed, 0);
  const idleRss = await settledRss(serverPid);
  const perConnectionKb = connected ? (idleRss - baseline) / connected : 0;
  process.stdout.write(`${transport}: ${connected} connected (${failed} failed) in ${connectSeconds.toFixed(1)} s; server RSS ${Math.round(baseline / 1024)} -> ${Math.round(idleRss / 1024)} MB, ${perConnectionKb.toFixed(1)} KB per idle connection\n`);

  const database = await openDatabase({ url, poolSize: 4 });
  const fanout = await postgresFanout(url, TOPIC, logger());
  await Promise.all(workers.map((w) => ask(w, { op: "reset" }, "reset-done")));
  let published = 0;
  let discovery = 0;
  const cpu0 = cpuSeconds(serverPid);
  const started = Date.now();
  const healthProbe = probeHealth(baseUrl, started + SECONDS * 1000);
  while (Date.now() - started < SECONDS * 1000) {
    const tickStart = Date.now();
    // Catch up to the target rate whatever a transaction took.
    const n = Math.floor((RATE * (tickStart - started)) / 1000) - published;
    const messages: TunnelMessageInput[] = [];
    for (let i = 0; i < n; i++) {
      const toDiscovery = Math.random() < DISCOVERY_SHARE;
      if (toDiscovery) discovery++;
      messages.push({
        channel: toDiscovery ? "discovery:opportunities" : `user:${users[Math.floor(Math.random() * users.length)]}`,
        type: "bench.message",
        data: { sentAt: Date.now(), n: published + i },
        access: toDiscovery ? { visibility: "public", ownerId: null, live: true, entityId: null } : null,
      });
    }
    published += n;
    if (messages.length) {
      const signals = await database.db.transaction((tx) => appendTunnelMessages(tx, messages));
      await fanout.publish(signals);
    }
    await sleep(Math.max(0, 10 - (Date.now() - tickStart)));
  }
  const elapsed = (Date.now() - started) / 1000;
  const cpu = (cpuSeconds(serverPid) - cpu0) / elapsed;
  await sleep(2_000);
  const busyRss = rssKb(serverPid);
  const reports = await Promise.all(workers.map((w) => ask<{ histograms: Histograms; received: number }>(w, { op: "report" }, "report")));
  const sum = (pick: (h: Histograms) => number[]) => pick(reports[0].histograms).map((_, i) => reports.reduce((a, r) => a + pick(r.histograms)[i], 0));
  const member = sum((h) => h.member);
  const toEveryone = sum((h) => h.discovery);
  const histogram = member.map((n, i) => n + toEveryone[i]);
  const received = reports.reduce((a, r) => a + r.received, 0);
  const health = await healthProbe;
  health.sort((a, b) => a - b);
  const expected = (published - discovery) + discovery * connected;
  const result = {
    transport,
    connections: connected,
    failed,
    connectSeconds,
    publishedPerSec: Math.round(published / elapsed),
    discoveryPerSec: Math.round(discovery / elapsed),
    deliveredPerSec: Math.round(received / elapsed),
    deliveredShare: expected ? received / expected : 0,
    p50: percentile(histogram, 0.5),
    p95: percentile(histogram, 0.95),
    p99: percentile(histogram, 0.99),
    memberChannel: { p50: percentile(member, 0.5), p95: percentile(member, 0.95), p99: percentile(member, 0.99) },
    discovery: { p50: percentile(toEveryone, 0.5), p95: percentile(toEveryone, 0.95), p99: percentile(toEveryone, 0.99) },
    healthMs: { p50: Math.round(health[Math.floor(health.length * 0.5)]), p99: Math.round(health[Math.floor(health.length * 0.99)]), max: Math.round(health[health.length - 1]) },
    serverCpuCores: Number(cpu.toFixed(2)),
    serverRssMb: Math.round(busyRss / 1024),
    kbPerIdleConnection: Number(perConnectionKb.toFixed(1)),
  };
  process.stdout.write(
    `${transport}: published ${result.publishedPerSec}/s (${result.discoveryPerSec}/s to discovery), delivered ${result.deliveredPerSec}/s (${(result.deliveredShare * 100).toFixed(1)} % of expected), latency p50 ${result.p50} ms p95 ${result.p95} ms p99 ${result.p99} ms ` +
      `(member channels p50/p95/p99 ${result.memberChannel.p50}/${result.memberChannel.p95}/${result.memberChannel.p99} ms, discovery ${result.discovery.p50}/${result.discovery.p95}/${result.discovery.p99} ms), ` +
      `GET /api/health meanwhile p50 ${result.healthMs.p50} ms p99 ${result.healthMs.p99} ms max ${result.healthMs.max} ms, server CPU ${result.serverCpuCores} cores, RSS ${result.serverRssMb} MB\n`,
  );
  workers.forEach((w) => w.send({ op: "stop" }));
  await fanout.close();
  await database.close();
  await sleep(2_000);
  return result;
}

async function main() {
  ensureBuild();
  const url = await benchDatabase("ringlet_bench_tunnel");
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "ringlet-bench-"));
  const env = { DATABASE_URL: url, DATA_DIR: dataDir };
  cli(["seed", "--members", String(Math.max(CLIENTS, SSE_CLIENTS))], env);
  const server = await startServer({
    ...env,
    SEED_DEMO: "false",
    SCHEDULER: "off",
    LOG_LEVEL: "warn",
    BETTER_AUTH_SECRET: SECRET,
    TUNNEL_FANOUT: "postgres",
    TUNNEL_TOPIC: TOPIC,
    TUNNEL_MAX_CONNECTIONS_PER_IP: "1000000",
  });
  const database = await openDatabase({ url, poolSize: 2 });
  const userIds = (await database.raw<{ id: string }>(`select id from "user" order by id`)).map((r) => r.id);
  await database.close();
  const ws = await phase("ws", CLIENTS, server.baseUrl, server.child.pid!, userIds, url);
  const sse = SSE_CLIENTS > 0 ? await phase("sse", SSE_CLIENTS, server.baseUrl, server.child.pid!, userIds, url) : null;
  writeResults("tunnel", { rate: RATE, discoveryShare: DISCOVERY_SHARE, seconds: SECONDS, ws, sse });
  await server.stop();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
