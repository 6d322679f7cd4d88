/**
 * A client process of `bench:tunnel`: opens its share of WebSocket or SSE connections, subscribes
 * each to discovery and its member's channel, and histograms publish-to-receipt latency (1 ms buckets)
 * apart for member-channel and discovery frames.
 */
import http from "node:http";
import WebSocket from "ws";

interface Start {
  transport: "ws" | "sse";
  baseUrl: string;
  clients: { ticket: string; userId: string }[];
}

const BUCKETS = 10_001;
/** Latency of frames sent to one member's channel, and of frames sent to everyone (discovery). */
const histograms = { member: new Array<number>(BUCKETS).fill(0), discovery: new Array<number>(BUCKETS).fill(0) };
let received = 0;
let connected = 0;
let failed = 0;
const keep: { close(): void }[] = [];

function record(raw: string) {
  const m = /"sentAt":(\d+)/.exec(raw);
  if (!m) return;
  const ms = Math.max(0, Math.min(BUCKETS - 1, Math.round(Date.now() - Number(m[1]))));
  histograms[raw.includes('"channel":"discovery:') ? "discovery" : "member"][ms]++;
  received++;
}

function openWs(baseUrl: string, c: Start["clients"][number]): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, "ws")}/api/tunnel/ws?ticket=${encodeURIComponent(c.ticket)}`, { perMessageDeflate: false });
    ws.on("open", () => {
      ws.send(JSON.stringify({ op: "subscribe", channel: "discovery:opportunities" }));
      ws.send(JSON.stringify({ op: "subscribe", channel: `user:${c.userId}` }));
      connected++;
      keep.push({ close: () => ws.terminate() });
      resolve();
    });
    ws.on("message", (data) => record(data.toString()));
    ws.on("error", () => {
      failed++;
      resolve();
    });
  });
}

function openSse(baseUrl: string, c: Start["clients"][number]): Promise<void> {
  return new Promise((resolve) => {
    const url = `${baseUrl}/api/tunnel/sse?channels=discovery:opportunities,user:${c.userId}&ticket=${encodeURIComponent(c.ticket)}`;
    const req = http.get(url, { agent: false }, (res) => {
      if (res.statusCode !== 200) {
        failed++;
        res.resume();
        return resolve();
      }
      connected++;
      keep.push({ close: () => req.destroy() });
      let buffer = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.indexOf("data: ");
          if (data >= 0) record(block.slice(data + 6));
        }
      });
      resolve();
    });
    req.on("error", () => {
      failed++;
      resolve();
    });
  });
}

process.on("message", async (msg: { op: "start"; start: Start } | { op: "reset" } | { op: "report" } | { op: "stop" }) => {
  if (msg.op === "start") {
    const { transport, baseUrl, clients } = msg.start;
    const open = transport === "ws" ? openWs : openSse;
    for (let i = 0; i < clients.length; i += 100) await Promise.all(clients.slice(i, i + 100).map((c) => open(baseUrl, c)));
    process.send!({ op: "ready", connected, failed });
  } else if (msg.op === "reset") {
    histograms.member.fill(0);
    histograms.discovery.fill(0);
    received = 0;
    process.send!({ op: "reset-done" });
  } else if (msg.op === "report") {
    process.send!({ op: "report", histograms, received, connected, failed });
  } else {
    keep.forEach((k) => k.close());
    process.exit(0);
  }
});
