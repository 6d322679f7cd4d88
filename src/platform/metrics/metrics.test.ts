import { describe, expect, it } from "vitest";
import { metrics, routeLabel } from "./metrics";

describe("metrics", () => {
  it("route labels replace ids and fold unknown paths into one", () => {
    expect(routeLabel("/api/v1/opportunities/3f2b8c1e-1111-4a2b-9c3d-0123456789ab?x=1", 200)).toBe("/api/v1/opportunities/:id");
    expect(routeLabel("/api/v1/admin/payments/transactions/42/refund", 201)).toBe("/api/v1/admin/payments/transactions/:id/refund");
    expect(routeLabel("/api/v1/users/Vq3x9TzK2mWp7Lr4Ns8Bc1Df", 200)).toBe("/api/v1/users/:id");
    expect(routeLabel("/anything/at/all", 404)).toBe("unmatched");
    expect(routeLabel("/", 200)).toBe("/");
  });

  it("is one registry per process, in the Prometheus text format", async () => {
    expect(metrics()).toBe(metrics());
    metrics().webhooks.inc({ provider: "stripe", outcome: "applied" });
    const text = await metrics().registry.metrics();
    expect(text).toContain('ringlet_payment_webhooks_total{provider="stripe",outcome="applied"} 1');
    expect(text).toContain("# TYPE ringlet_http_request_duration_seconds histogram");
  });
});

describe("the sample Grafana dashboard", () => {
  it("only plots metrics the app exports", async () => {
    const { readFileSync } = await import("node:fs");
    const dashboard = JSON.parse(readFileSync("deploy/grafana/ringlet-dashboard.json", "utf8")) as { panels: { targets: { expr: string }[] }[] };
    const exported = new Set((await metrics().registry.getMetricsAsJSON()).map((m) => m.name));
    const used = dashboard.panels.flatMap((p) => p.targets.flatMap((t) => t.expr.match(/ringlet_[a-z_]+/g) ?? []));
    expect(used.length).toBeGreaterThan(8);
    for (const name of used) expect(exported, name).toContain(name.replace(/_(bucket|sum|count)$/, ""));
  });
});
