import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { processSlot } from "../process-slot";

type Source<T> = () => T | Promise<T>;

/** What the running process tells the gauges that are read at scrape time. */
export interface MetricSources {
  outboxLagSeconds?: Source<number>;
  tunnelConnections?: Source<{ ws: number; sse: number }>;
}

function create() {
  const registry = new Registry();
  const sources: MetricSources = {};
  collectDefaultMetrics({ register: registry, prefix: "ringlet_" });
  return {
    registry,
    sources,
    httpDuration: new Histogram({
      name: "ringlet_http_request_duration_seconds",
      help: "HTTP requests by method, route (ids replaced by :id) and status",
      labelNames: ["method", "route", "status"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    tunnelConnections: new Gauge({
      name: "ringlet_tunnel_connections",
      help: "Open tunnel connections by transport",
      labelNames: ["transport"] as const,
      registers: [registry],
      async collect() {
        const counts = await sources.tunnelConnections?.();
        if (!counts) return;
        this.set({ transport: "ws" }, counts.ws);
        this.set({ transport: "sse" }, counts.sse);
      },
    }),
    tunnelMessages: new Counter({ name: "ringlet_tunnel_messages_sent_total", help: "Tunnel frames sent to clients", registers: [registry] }),
    outboxLag: new Gauge({
      name: "ringlet_outbox_lag_seconds",
      help: "Age of the oldest event not yet processed by the outbox consumer",
      registers: [registry],
      async collect() {
        const lag = await sources.outboxLagSeconds?.();
        if (lag !== undefined) this.set(lag);
      },
    }),
    matcherDuration: new Histogram({ name: "ringlet_matcher_run_duration_seconds", help: "Matcher runs", buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry] }),
    pipelineRuns: new Counter({ name: "ringlet_pipeline_runs_total", help: "Pipeline runs by pipeline and final status", labelNames: ["pipeline", "status"] as const, registers: [registry] }),
    emailMessages: new Counter({ name: "ringlet_email_messages_total", help: "Inbound email by channel and outcome (stored, duplicate, quarantined)", labelNames: ["channel", "outcome"] as const, registers: [registry] }),
    emailPolls: new Counter({ name: "ringlet_email_polls_total", help: "IMAP polls by channel and result", labelNames: ["channel", "result"] as const, registers: [registry] }),
    webhooks: new Counter({ name: "ringlet_payment_webhooks_total", help: "Payment provider webhooks by provider and outcome", labelNames: ["provider", "outcome"] as const, registers: [registry] }),
  };
}

export type Metrics = ReturnType<typeof create>;
const slot = processSlot<Metrics>("metrics");

/** The process's metrics (one registry, shared by server.ts and the Next bundles). */
export function metrics(): Metrics {
  let m = slot.get();
  if (!m) {
    m = create();
    slot.set(m);
  }
  return m;
}

const ID_SEGMENT = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+|[A-Za-z0-9_-]{20,})$/i;

/** A route label with bounded cardinality: ids become `:id`, unknown paths one label. */
export function routeLabel(path: string, status: number): string {
  if (status === 404) return "unmatched";
  const clean = path.split("?")[0];
  return clean.split("/").map((segment) => (ID_SEGMENT.test(segment) ? ":id" : segment)).join("/") || "/";
}
