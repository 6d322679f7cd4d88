import { describe, expect, it } from "vitest";
import { TEST_CRON_SECRET } from "../support/global-server";
import { call, eventually, signInAdmin, signUpUser } from "../support/http";

const cron = (pipeline: string, secret?: string) => call(`/api/cron/${pipeline}`, { method: "POST", headers: secret ? { authorization: `Bearer ${secret}` } : {} });

describe("cron routes and the run ledger", () => {
  it("a cron trigger with the secret starts a run recorded as cron_route; wrong or missing secret is 401", async () => {
    expect((await cron("outbox-cleanup")).status).toBe(401);
    expect((await cron("outbox-cleanup", "wrong-secret-0123456789")).status).toBe(401);
    const res = await cron("outbox-cleanup", TEST_CRON_SECRET);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "running" });
    const admin = await signInAdmin();
    const run = await eventually(async () => {
      const r = await call(`/api/v1/admin/processes/runs/${res.body.runId}`, { token: admin });
      return r.body.status === "succeeded" ? r.body : null;
    });
    expect(run).toMatchObject({ pipeline: "outbox-cleanup", trigger: "cron_route", stats: { deleted: expect.any(Number) } });
    expect((await cron("no-such-pipeline", TEST_CRON_SECRET)).status).toBe(404);
  });

  it("admins list pipelines with schedule and next run, run one now, pause and resume (audited)", async () => {
    const admin = await signInAdmin();
    const list = await call("/api/v1/admin/processes", { token: admin });
    const expiry = list.body.items.find((p: any) => p.name === "opportunity-expiry");
    expect(expiry).toMatchObject({ schedule: "*/15 * * * *", paused: false });
    expect(new Date(expiry.nextRunAt).getTime()).toBeGreaterThan(Date.now());

    const started = await call("/api/v1/admin/processes/opportunity-expiry/run", { token: admin, body: {} });
    expect(started.status).toBe(200);
    const runs = await eventually(async () => {
      const r = await call("/api/v1/admin/processes/runs?pipeline=opportunity-expiry&trigger=manual", { token: admin });
      return r.body.items.find((x: any) => x.id === started.body.runId && x.status === "succeeded") ? r.body : null;
    });
    expect(runs.items[0].triggeredBy).toBeTruthy();

    expect((await call("/api/v1/admin/processes/opportunity-expiry", { method: "PATCH", token: admin, body: { paused: true } })).body.paused).toBe(true);
    expect((await call("/api/v1/admin/processes", { token: admin })).body.items.find((p: any) => p.name === "opportunity-expiry").nextRunAt).toBeNull();
    await call("/api/v1/admin/processes/opportunity-expiry", { method: "PATCH", token: admin, body: { paused: false } });
    const audit = await call("/api/v1/admin/audit?action=pipeline.paused", { token: admin });
    expect(audit.body.items.some((a: any) => a.targetId === "opportunity-expiry")).toBe(true);
  });

  it("is admin-only; bad filters are 400", async () => {
    const user = await signUpUser("proc");
    expect((await call("/api/v1/admin/processes", { token: user.token })).status).toBe(403);
    expect((await call("/api/v1/admin/processes/runs?status=exploded", { token: await signInAdmin() })).status).toBe(400);
  });
});
