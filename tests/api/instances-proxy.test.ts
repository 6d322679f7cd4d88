import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { readAdminCredentials, startServer, type StartedServer } from "../support/global-server";
import { call } from "../support/http";
import { startRoundRobinProxy, type RoundRobinProxy } from "../support/round-robin-proxy";
import { freshServerDatabase, type ServerDatabase } from "../support/server-database";
import { TunnelClient } from "../support/tunnel-client";

/**
 * Two app processes on one PostgreSQL with Redis fan-out, behind a round-robin proxy, as an
 * operator would run them: a scripted session through the proxy signs in, subscribes to the
 * tunnel, posts a listing on the other instance and triggers a pipeline once; rate limits kept in
 * Redis hold across both.
 * Server only: PGlite is one process by design.
 */
const base = process.env.TEST_DATABASE_URL;
const servers: StartedServer[] = [];
let proxy: RoundRobinProxy | undefined;
let database: ServerDatabase | undefined;
afterAll(async () => {
  await proxy?.close();
  await Promise.all(servers.map((s) => s.stop()));
  await database?.drop();
});

describe.runIf(Boolean(base) && process.env.RINGLET_API_DB === "postgres")("two instances behind a load balancer", () => {
  it("a session through the proxy reaches both instances and sees one ring", async () => {
    database = await freshServerDatabase("ringlet_proxy");
    const CRON_SECRET = "proxy-test-cron-secret-0123";
    const shared = {
      DATABASE_URL: database.url,
      SEED_DEMO: "false",
      SCHEDULER: "off",
      REDIS_URL: "redis://127.0.0.1:6379",
      TUNNEL_FANOUT: "redis",
      TUNNEL_TOPIC: `ringlet_proxy_${randomBytes(4).toString("hex")}`,
      TUNNEL_SWEEP_MS: "600000",
      BETTER_AUTH_SECRET: "a-shared-secret-for-both-instances-0123456789",
      CRON_SECRET,
      RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT: "4",
    };
    servers.push(await startServer({ ...shared, INSTANCE_ID: "one" }));
    servers.push(await startServer({ ...shared, INSTANCE_ID: "two" }));
    proxy = await startRoundRobinProxy(servers.map((s) => s.baseUrl));
    const via = (path: string, options: Parameters<typeof call>[1] = {}) => call(path, { ...options, baseUrl: proxy!.baseUrl });

    const token = (await via("/api/v1/auth/sign-in", { body: readAdminCredentials(servers[0].dataDir) })).body.token as string;
    expect(token).toBeTruthy();
    const client = await TunnelClient.connect(proxy.baseUrl, { token });
    expect((await client.subscribe("discovery:opportunities")).type).toBe("subscribed");
    const tunnelOn = proxy.served.find(([what]) => what.startsWith("UPGRADE"))![1];
    if (proxy.served.length % 2 !== (tunnelOn + 1) % 2) await via("/api/health");

    const created = await via("/api/v1/opportunities", { token, body: { title: "Through the load balancer", description: "Posted on the other instance", type: "request", category: "technology" } });
    expect(created.status).toBe(201);
    const postedOn = proxy.served.findLast(([what]) => what === "POST /api/v1/opportunities")![1];
    expect(postedOn).not.toBe(tunnelOn);
    await client.waitFor((f) => f.data?.id === created.body.id, 0, 15_000);
    for (let i = 0; i < 2; i++) expect((await via(`/api/v1/opportunities/${created.body.id}`, { token })).body.title).toBe("Through the load balancer");
    client.close();

    const run = await via("/api/cron/outbox-cleanup", { method: "POST", headers: { authorization: `Bearer ${CRON_SECRET}` } });
    expect(run.status).toBe(200);
    const runs = await via("/api/v1/admin/processes/runs?pipeline=outbox-cleanup", { token });
    expect(runs.body.items.filter((r: { trigger: string }) => r.trigger === "cron_route")).toHaveLength(1);
    expect(new Set(proxy.served.map(([, index]) => index))).toEqual(new Set([0, 1]));

    // Limits live in Redis: four failures spread over both instances use up the account's budget.
    const target = `limits-${randomBytes(4).toString("hex")}@test.local`;
    for (let i = 0; i < 4; i++) expect((await via("/api/v1/auth/sign-in", { body: { email: target, password: `guess-${i}-wrong` } })).status).toBe(401);
    const blocked = await via("/api/v1/auth/sign-in", { body: { email: target, password: "guess-5-wrong" } });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toBeTruthy();
  }, 120_000);
});
