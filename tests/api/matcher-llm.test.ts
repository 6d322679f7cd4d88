import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeLlm, type FakeLlm } from "../support/fake-llm";
import { readAdminCredentials, startServer, type StartedServer } from "../support/global-server";
import { call, uniqueEmail } from "../support/http";

/**
 * The whole LLM path in a running app: LLM_PROVIDER=openai pointed at a fake OpenAI-compatible
 * server on 127.0.0.1; a new listing is scored locally, re-ranked by the model in the background
 * worker, and auto-approved on the blended scores with the model's confidence over the gate.
 */
let fake: FakeLlm;
let server: StartedServer;
beforeAll(async () => {
  fake = await startFakeLlm();
  // A closed ring (AUTH_REQUIRE_EMAIL_VERIFICATION off): this file is not about sign-up, which tests/api/auth.test.ts covers.
  server = await startServer({
    SEED_DEMO: "false",
    AUTH_REQUIRE_EMAIL_VERIFICATION: "false",
    LLM_PROVIDER: "openai",
    OPENAI_API_KEY: "sk-test",
    OPENAI_BASE_URL: fake.baseUrl,
    MATCHER_AUTO_APPROVE: "true",
    MATCHER_AUTO_APPROVE_MIN_SCORE: "0.3",
    MATCHER_MIN_ACCOUNT_AGE_HOURS: "0",
  });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

const api = (path: string, token: string | null, body?: unknown, method?: string) => call(path, { token: token ?? undefined, body, method, baseUrl: server.baseUrl });

async function signUp(prefix: string) {
  const res = await api("/api/v1/auth/sign-up", null, { email: uniqueEmail(prefix), password: "correct-horse-1", name: prefix });
  expect(res.status).toBe(201);
  return { id: res.body.user.id as string, token: res.body.token as string };
}

describe("matcher with an LLM provider (fake, 127.0.0.1)", () => {
  it("re-ranks in the background and auto-approves on the model's confident answer", async () => {
    expect((await api("/api/health", null)).body.providers.llm).toBe("openai");
    for (let i = 0; i < 3; i++) {
      const fan = await signUp(`llm-fan-${i}`);
      const saved = await api("/api/v1/me/profile", fan.token, { headline: "Beekeeper", skills: ["beekeeping", "honey extraction"], categories: ["other"] }, "PUT");
      expect(saved.status).toBe(200);
    }
    const author = await signUp("llm-author");
    const created = await api("/api/v1/opportunities", author.token, { title: "Beekeeping help this summer", description: "Hive inspections and honey extraction", type: "request", category: "other", skills: ["beekeeping"] });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe("pending");

    const deadline = Date.now() + 20_000;
    let status = "pending";
    while (status !== "active" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      status = (await api(`/api/v1/opportunities/${created.body.id}`, author.token)).body.status;
    }
    expect(status).toBe("active");
    expect(fake.requests.some((r) => r.path === "/v1/chat/completions")).toBe(true);

    const detail = await api(`/api/v1/opportunities/${created.body.id}`, author.token);
    expect(JSON.stringify(detail.body.timeline)).toContain("Auto-approved");

    // Becoming active runs the matcher again (to notify); that run is re-ranked too.
    const admin = await api("/api/v1/auth/sign-in", null, readAdminCredentials(server.dataDir));
    let view = await api(`/api/v1/opportunities/${created.body.id}/matches`, admin.body.token);
    while (view.body.lastRun?.llmStatus !== "done" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      view = await api(`/api/v1/opportunities/${created.body.id}/matches`, admin.body.token);
    }
    expect(view.body.lastRun).toMatchObject({ provider: "openai", llmStatus: "done", llmModel: "gpt-4o-mini" });
    expect(view.body.items.some((m: { llmReason: string | null }) => m.llmReason === "Fits: rank 1")).toBe(true);
    expect(view.body.notified).toBeGreaterThan(0);
  }, 60_000);
});
