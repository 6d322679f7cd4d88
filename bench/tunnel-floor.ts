/**
 * `npm run bench:tunnel-floor`: the machine's floor for one event sent to every connection. A bare
 * `ws` server (no app, no database) holds N connections from client processes on 127.0.0.1 and
 * sends one small frame to all of them, ROUNDS times; prints how long the send loop takes (one
 * write per socket, the same loop the tunnel hub runs) and when the clients receive it. Whatever
 * `bench:tunnel` measures for discovery events cannot be faster than this. A first, uncounted
 * round warms up.
 * Environment: BENCH_CLIENTS (10000), BENCH_WORKERS (4), BENCH_ROUNDS (10).
 */
import { fork } from "node:child_process";
import WebSocket, { WebSocketServer } from "ws";
import { writeResults } from "./support";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];

/** A client process: opens its connections, reports when ready, then the receive latency of every frame. */
async function client(port: number, count: number) {
  let latencies: number[] = [];
  for (let i = 0; i < count; i += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, count - i) }, () => new Promise<void>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
        ws.on("open", () => resolve());
        ws.on("error", reject);
        ws.on("message", (data) => latencies.push(Date.now() - Number(/"sentAt":(\d+)/.exec(data.toString())![1])));
      })),
    );
  }
  process.send!({ op: "ready" });
  process.on("message", (msg: { op: string }) => {
    if (msg.op !== "report") return;
    process.send!({ op: "report", latencies });
    latencies = [];
  });
}

function collect(workers: ReturnType<typeof fork>[]): Promise<number[]> {
  return Promise.all(
    workers.map((w) => new Promise<number[]>((resolve) => {
      w.once("message", (m: { latencies: number[] }) => resolve(m.latencies));
      w.send({ op: "report" });
    })),
  ).then((parts) => parts.flat());
}

async function main() {
  const sockets: WebSocket[] = [];
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: false, clientTracking: false, backlog: 4096 });
  wss.on("connection", (ws) => sockets.push(ws));
  await new Promise((r) => wss.once("listening", r));
  const port = (wss.address() as { port: number }).port;
  const workers = Array.from({ length: WORKERS }, (_, i) =>
    fork(import.meta.filename, ["client", String(port), String(Math.floor(CLIENTS / WORKERS) + (i < CLIENTS % WORKERS ? 1 : 0))], { execArgv: ["--import", "tsx"] }),
  );
  await Promise.all(workers.map((w) => new Promise((r) => w.once("message", r))));
  await sleep(1_000);

  const loops: number[] = [];
  const deliveries: number[] = [];
  // Round 0 warms up (JIT, first writes on each socket) and is not counted.
  for (let round = 0; round <= ROUNDS; round++) {
    const frame = Buffer.from(JSON.stringify({ id: round, channel: "discovery:opportunities", type: "opportunity.published", data: { id: "bench-listing", sentAt: Date.now() }, ts: new Date().toISOString() }));
    const started = performance.now();
    for (const ws of sockets) ws.send(frame, { binary: false });
    const loop = performance.now() - started;
    await sleep(1_000);
    const received = await collect(workers);
    if (received.length !== sockets.length) throw new Error(`round ${round}: ${received.length} of ${sockets.length} frames arrived`);
    if (round === 0) continue;
    loops.push(loop);
    deliveries.push(...received);
  }
  loops.sort((a, b) => a - b);
  deliveries.sort((a, b) => a - b);
  const result = {
    connections: sockets.length,
    rounds: ROUNDS,
    sendLoopMs: { p50: Number(quantile(loops, 0.5).toFixed(1)), max: Number(loops[loops.length - 1].toFixed(1)) },
    microsecondsPerWrite: Number(((quantile(loops, 0.5) * 1000) / sockets.length).toFixed(1)),
    deliveryMs: { p50: quantile(deliveries, 0.5), p95: quantile(deliveries, 0.95), p99: quantile(deliveries, 0.99) },
  };
  process.stdout.write(
    `${result.connections} connections, one frame to all, ${ROUNDS} rounds: send loop p50 ${result.sendLoopMs.p50} ms (max ${result.sendLoopMs.max} ms, ${result.microsecondsPerWrite} µs per socket); delivered p50 ${result.deliveryMs.p50} ms p95 ${result.deliveryMs.p95} ms p99 ${result.deliveryMs.p99} ms\n`,
  );
  writeResults("tunnel-floor", result);
  workers.forEach((w) => w.kill());
  wss.close();
}

if (process.argv[2] === "client") void client(Number(process.argv[3]), Number(process.argv[4]));
else
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
