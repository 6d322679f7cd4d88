import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeGenerative, type FakeGenerative } from "../support/fake-generative";
import { readAdminCredentials, startServer, type StartedServer } from "../support/global-server";
import { call, eventually, uniqueEmail } from "../support/http";

/**
 * A video started before a restart is finished by the ring after it: the job lives in the database, not in a process.
 * It starts its own server on its own embedded database, so it runs once, in the PGlite API project (the api-pg
 * project would repeat the same thing).
 */
const once = process.env.RINGLET_API_DB !== "postgres";
let fake: FakeGenerative;
let server: StartedServer | undefined;
let dataDir: string;
// A closed ring (AUTH_REQUIRE_EMAIL_VERIFICATION off): this file is not about sign-up, which tests/api/auth.test.ts covers.
const start = () => startServer({ SEED_DEMO: "false", AUTH_REQUIRE_EMAIL_VERIFICATION: "false", DATA_DIR: dataDir, XAI_API_KEY: "xai-test-key", XAI_API_BASE_URL: fake.baseUrl, GENERATIVE_JOB_POLL_MS: "200" });

describe.runIf(once)("video jobs across a restart", () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "ringlet-restart-"));
    fake = await startFakeGenerative();
    server = await start();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await fake?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("a running job is finished by the restarted server and the member is told", async () => {
    const api = (p: string, options: Parameters<typeof call>[1] = {}) => call(p, { ...options, baseUrl: server!.baseUrl });
    const admin = (await api("/api/v1/auth/sign-in", { body: readAdminCredentials(dataDir) })).body.token as string;
    const signed = await api("/api/v1/auth/sign-up", { body: { email: uniqueEmail("restart"), password: "correct-horse-1", name: "Restart" } });
    await api(`/api/v1/admin/users/${signed.body.user.id}`, { method: "PATCH", token: admin, body: { role: "member" } });
    const token = signed.body.token as string;
    fake.pollsUntilDone = 1_000_000;
    const job = await api("/api/v1/media/videos", { token, body: { prompt: "A long render interrupted by a restart" } });
    expect(job.status).toBe(202);
    expect(job.body.status).toBe("running");
    // The first server has looked at the job at the provider at least once before it goes down.
    await eventually(async () => fake.requests.some((r) => r.method === "GET" && r.path.startsWith("/videos/")), 15_000);

    await server!.stop();
    server = undefined;
    fake.pollsUntilDone = 0;
    server = await start();

    const done = await eventually(async () => {
      const res = await api(`/api/v1/media/videos/${job.body.jobId}`, { token });
      return res.body.status === "done" ? res.body : null;
    }, 20_000);
    expect(done.url).toMatch(/^\/api\/v1\/files\//);
    expect(fake.requests.filter((r) => r.path === "/videos/generations")).toHaveLength(1);
    const notes = await api("/api/v1/me/notifications?limit=5", { token });
    expect(notes.body.items.map((n: { type: string }) => n.type)).toContain("generation_finished");
  }, 120_000);
});
