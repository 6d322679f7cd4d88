import { describe, expect, it } from "vitest";
import { TEST_CRON_SECRET, TEST_METRICS_TOKEN } from "../support/global-server";
import { call, eventually } from "../support/http";

const scrape = (token?: string) => call<string>("/api/metrics", { token });

describe("Prometheus metrics", () => {
  it("answer only the metrics token, in the text format, with requests, pipelines, the outbox and the tunnel", async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape("not-the-metrics-token-at-all")).status).toBe(401);
    await call("/api/health");
    await call(`/api/v1/opportunities/${crypto.randomUUID()}`);
    expect((await call(`/api/v1/me/transactions/${crypto.randomUUID()}`)).status).toBe(401);
    const run = await call("/api/cron/outbox-cleanup", { method: "POST", headers: { authorization: `Bearer ${TEST_CRON_SECRET}` } });
    expect(run.status).toBe(200);
    const text = await eventually(async () => {
      const res = await scrape(TEST_METRICS_TOKEN);
      return res.body.includes('ringlet_pipeline_runs_total{pipeline="outbox-cleanup",status="succeeded"}') ? res : null;
    });
    expect(text.status).toBe(200);
    expect(text.headers.get("content-type")).toContain("text/plain");
    expect(text.body).toMatch(/ringlet_http_request_duration_seconds_bucket\{le="[\d.+Inf]+",method="GET",route="\/api\/health",status="200"\}/);
    expect(text.body).toContain('route="/api/v1/me/transactions/:id",status="401"');
    expect(text.body).toContain('route="unmatched",status="404"');
    expect(text.body).toMatch(/ringlet_outbox_lag_seconds \d/);
    expect(text.body).toContain('ringlet_tunnel_connections{transport="ws"}');
    expect(text.body).toContain("ringlet_process_cpu_user_seconds_total");
  });
});
