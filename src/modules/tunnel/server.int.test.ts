import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { readEnv } from "@/src/platform/config/env";
import { logger } from "@/src/platform/log/logger";
import { actorOf, createUser } from "@/tests/support/factories";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { TunnelClient } from "@/tests/support/tunnel-client";
import { appendTunnelMessages } from "./append";
import { localFanout } from "./fanout/local";
import { CLOSE } from "./session";
import { startTunnel, SSE_PATH, WS_PATH, type TunnelServer } from "./server";
import { issueTicket } from "./ticket";

const SECRET = "test-secret-for-tunnel-tickets-0123456789";
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.destroy());

/** The tunnel on a bare HTTP server in this process, with tight limits so the limits can be hit. */
async function harness(overrides: Record<string, string> = {}) {
  const e = readEnv({ NODE_ENV: "test", TUNNEL_SEND_BUFFER_BYTES: "4096", TUNNEL_HEARTBEAT_MS: "200", TUNNEL_MAX_CONNECTIONS_PER_USER: "2", TUNNEL_SWEEP_MS: "60000", ...overrides });
  const fanout = localFanout();
  const tunnel: TunnelServer = await startTunnel({ db: t.db, env: e, log: logger(), secret: SECRET, fanout });
  const server: Server = createServer((req, res) => (req.url?.startsWith(SSE_PATH) ? tunnel.handleSse(req, res) : res.end()));
  server.on("upgrade", (req, socket, head) => (req.url?.startsWith(WS_PATH) ? tunnel.handleUpgrade(req, socket, head) : socket.destroy()));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const publish = async (channel: string, count: number, size = 100) => {
    const signals = await t.db.transaction((tx) =>
      appendTunnelMessages(tx, Array.from({ length: count }, (_, i) => ({ channel, type: "test.bulk", data: { i, pad: "x".repeat(size) } }))),
    );
    await fanout.publish(signals);
  };
  return {
    tunnel,
    baseUrl,
    publish,
    async close() {
      await tunnel.stop();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

describe(`tunnel server limits (${process.env.RINGLET_TEST_DB})`, () => {
  it("disconnects a consumer that stops reading instead of buffering without bound", async () => {
    const h = await harness({ TUNNEL_HEARTBEAT_MS: "60000" });
    const client = await TunnelClient.connect(h.baseUrl);
    await client.subscribe("discovery:opportunities");
    // Stop reading at the TCP level: the kernel buffers fill, then the server's send buffer grows.
    (client.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const deadline = Date.now() + 20_000;
    while (h.tunnel.connections().ws > 0 && Date.now() < deadline) {
      await h.publish("discovery:opportunities", 200, 2_000);
      await new Promise((r) => setTimeout(r, 30));
    }
    expect(h.tunnel.connections().ws).toBe(0);
    (client.socket as unknown as { _socket: { resume(): void } })._socket.resume();
    await new Promise<void>((resolve) => (client.closeCode !== null ? resolve() : client.socket.once("close", () => resolve())));
    expect([CLOSE.slowConsumer, 1006]).toContain(client.closeCode);
    await h.close();
  }, 30_000);

  it("closes a connection that stops answering pings", async () => {
    const h = await harness();
    const client = await TunnelClient.connect(h.baseUrl);
    (client.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const deadline = Date.now() + 5_000;
    while (h.tunnel.connections().ws > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(h.tunnel.connections().ws).toBe(0);
    client.socket.terminate();
    await h.close();
  });

  it("pings a slice of the connections at a time, every connection once per period", async () => {
    const h = await harness({ TUNNEL_HEARTBEAT_MS: "1000" });
    const clients = await Promise.all(Array.from({ length: 20 }, () => TunnelClient.connect(h.baseUrl)));
    const pings = clients.map(() => 0);
    const firstPingAt = clients.map(() => 0);
    clients.forEach((c, i) =>
      c.socket.on("ping", () => {
        if (pings[i]++ === 0) firstPingAt[i] = performance.now();
      }),
    );
    await new Promise((r) => setTimeout(r, 2_200));
    expect(pings.every((n) => n >= 1 && n <= 3)).toBe(true);
    // Twenty connections opened together hold twenty consecutive slices of 10 ms: their first pings spread over 190 ms or more.
    expect(Math.max(...firstPingAt) - Math.min(...firstPingAt)).toBeGreaterThan(100);
    expect(h.tunnel.connections().ws).toBe(20);
    clients.forEach((c) => c.socket.terminate());
    await h.close();
  });

  it("caps connections per member, freeing the slot when one closes", async () => {
    const h = await harness();
    const member = actorOf(await createUser(t.db, "member"));
    const ticket = () => issueTicket(SECRET, member.userId!).ticket;
    const a = await TunnelClient.connect(h.baseUrl, { ticket: ticket() });
    const b = await TunnelClient.connect(h.baseUrl, { ticket: ticket() });
    await expect(TunnelClient.connect(h.baseUrl, { ticket: ticket() })).rejects.toThrow("429");
    a.close();
    const deadline = Date.now() + 3_000;
    let c: TunnelClient | null = null;
    while (!c && Date.now() < deadline) c = await TunnelClient.connect(h.baseUrl, { ticket: ticket() }).catch(() => null);
    expect(c).not.toBeNull();
    b.close();
    c!.close();
    await h.close();
  });

  it("rate-limits subscribe requests per connection", async () => {
    const h = await harness();
    const client = await TunnelClient.connect(h.baseUrl);
    for (let i = 0; i < 25; i++) client.send({ op: "subscribe", channel: "discovery:entities" });
    const limited = await client.waitFor((f) => f.type === "error" && f.data.code === "rate_limited");
    expect(limited.channel).toBe("discovery:entities");
    client.close();
    await h.close();
  });

  it("an expired ticket is refused", async () => {
    const h = await harness();
    const member = actorOf(await createUser(t.db, "member"));
    const old = issueTicket(SECRET, member.userId!, Date.now() - 120_000).ticket;
    const ws = new WebSocket(`${h.baseUrl.replace("http", "ws")}${WS_PATH}?ticket=${old}`);
    const status = await new Promise<number>((resolve) => ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(401);
    await h.close();
  });
});
