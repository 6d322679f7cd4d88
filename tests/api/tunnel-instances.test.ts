import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { freshServerDatabase } from "../support/server-database";
import { readAdminCredentials, startServer, type StartedServer } from "../support/global-server";
import { call } from "../support/http";
import { TunnelClient } from "../support/tunnel-client";

/**
 * Two app processes on one PostgreSQL database, for each fan-out adapter: a subscriber on the
 * web-only instance A receives, in order and once, the listings published through instance B
 * (B alone consumes the outbox, and sweeps are off, so only the adapter can carry them).
 * Server only: PGlite is one process by design.
 */
const base = process.env.TEST_DATABASE_URL;
const servers: StartedServer[] = [];
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  for (const drop of drops) await drop();
});

async function freshDatabase(): Promise<string> {
  const db = await freshServerDatabase("ringlet_fanout");
  drops.push(db.drop);
  return db.url;
}

const api = (baseUrl: string, path: string, token: string | null, body?: unknown, method?: string) => call(path, { baseUrl, token: token ?? undefined, body, method });

const ADAPTERS = [
  { kind: "postgres", env: {} },
  { kind: "redis", env: { REDIS_URL: "redis://127.0.0.1:6379" } },
  { kind: "nats", env: { NATS_URL: "nats://127.0.0.1:4222" } },
] as const;

describe.runIf(Boolean(base) && process.env.RINGLET_API_DB === "postgres")("tunnel fan-out across two instances", () => {
  for (const adapter of ADAPTERS) {
    it(`${adapter.kind}: a subscriber on one instance gets events published through the other, in order, once`, async () => {
      const shared = {
        DATABASE_URL: await freshDatabase(),
        SEED_DEMO: "false",
        SCHEDULER: "off",
        LOG_LEVEL: "info",
        TUNNEL_FANOUT: adapter.kind,
        TUNNEL_TOPIC: `ringlet_test_${randomBytes(4).toString("hex")}`,
        TUNNEL_SWEEP_MS: "600000",
        BETTER_AUTH_SECRET: "a-shared-secret-for-both-instances-0123456789",
        ...adapter.env,
      };
      const publisher = await startServer({ ...shared, INSTANCE_ID: "b" });
      servers.push(publisher);
      const listener = await startServer({ ...shared, INSTANCE_ID: "a", BACKGROUND_WORKERS: "false" });
      servers.push(listener);
      expect(listener.output()).toContain(`"tunnel":"${adapter.kind}"`);

      const client = await TunnelClient.connect(listener.baseUrl);
      expect((await client.subscribe("discovery:opportunities")).type).toBe("subscribed");

      const creds = readAdminCredentials(publisher.dataDir);
      const signIn = await api(publisher.baseUrl, "/api/v1/auth/sign-in", null, creds);
      const token = signIn.body.token as string;
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const created = await api(publisher.baseUrl, "/api/v1/opportunities", token, { title: `Fan-out ${adapter.kind} ${i}`, description: "Published through instance B", type: "request", category: "technology" });
        expect(created.status).toBe(201);
        ids.push(created.body.id);
        if (created.body.status === "pending") {
          expect((await api(publisher.baseUrl, `/api/v1/admin/opportunities/${created.body.id}/decision`, token, { decision: "approve" })).status).toBe(200);
        }
      }
      await client.waitFor((f) => f.data?.id === ids[4] && f.data.status === "active", 0, 15_000);
      const frames = client.messages("discovery:opportunities");
      const seqs = frames.map((f) => f.id!);
      expect(seqs).toEqual([...new Set(seqs)].sort((x, y) => x - y));
      const activations = frames.filter((f) => f.data.status === "active" && f.type !== "opportunity.updated").map((f) => f.data.id);
      expect([...new Set(activations)]).toEqual(ids);
      client.close();

      // Instance A caches who a credential belongs to; a revocation through B must reach it over the
      // same fan-out, so the credential stops working on A by the next request but one.
      const refusedOnA = async (credential: string) => {
        for (let attempt = 0; attempt < 2; attempt++) {
          if ((await api(listener.baseUrl, "/api/v1/me", credential)).status === 401) return attempt;
        }
        return -1;
      };
      const key = await api(publisher.baseUrl, "/api/v1/me/api-keys", token, { name: `fan-out ${adapter.kind}` });
      expect(key.status).toBe(201);
      expect((await api(listener.baseUrl, "/api/v1/me", key.body.key)).status).toBe(200);
      expect((await api(listener.baseUrl, "/api/v1/me", key.body.key)).status).toBe(200);
      expect((await api(publisher.baseUrl, `/api/v1/me/api-keys/${key.body.id}`, token, undefined, "DELETE")).status).toBe(204);
      expect(await refusedOnA(key.body.key)).toBeGreaterThanOrEqual(0);

      const second = (await api(publisher.baseUrl, "/api/v1/auth/sign-in", null, creds)).body.token as string;
      expect((await api(listener.baseUrl, "/api/v1/me", second)).status).toBe(200);
      expect((await api(publisher.baseUrl, "/api/v1/auth/sign-out", second, {})).status).toBeLessThan(300);
      expect(await refusedOnA(second)).toBeGreaterThanOrEqual(0);
    }, 120_000);
  }
});
