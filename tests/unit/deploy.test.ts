import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAllDocuments, parse } from "yaml";
import { z } from "zod";
import { exportCron } from "@/src/modules/processes/cron-export";
import { PIPELINES } from "@/src/modules/processes/pipelines";

/**
 * No container engine or cluster runs here: the deployment files are checked against schemas of
 * the fields they use and against each other (labels, ports, secrets, health paths).
 */
const read = (file: string) => readFileSync(file, "utf8");
const docs = (file: string) => parseAllDocuments(read(file)).map((d) => d.toJS());

const probe = (path: string) => z.object({ httpGet: z.object({ path: z.literal(path), port: z.union([z.string(), z.number()]) }) });
const Deployment = z.object({
  apiVersion: z.literal("apps/v1"),
  kind: z.literal("Deployment"),
  metadata: z.object({ name: z.string() }),
  spec: z.object({
    replicas: z.number().int().min(2),
    selector: z.object({ matchLabels: z.record(z.string(), z.string()) }),
    template: z.object({
      metadata: z.object({ labels: z.record(z.string(), z.string()) }),
      spec: z.object({
        securityContext: z.object({ runAsNonRoot: z.literal(true) }),
        containers: z.array(
          z.object({
            image: z.string(),
            ports: z.array(z.object({ name: z.string(), containerPort: z.literal(3000) })),
            envFrom: z.array(z.object({ secretRef: z.object({ name: z.string() }) })),
            env: z.array(z.object({ name: z.string(), value: z.string() })),
            readinessProbe: probe("/api/health/ready"),
            livenessProbe: probe("/api/health/live"),
          }),
        ),
      }),
    }),
  }),
});
const Service = z.object({ kind: z.literal("Service"), metadata: z.object({ name: z.string() }), spec: z.object({ selector: z.record(z.string(), z.string()), ports: z.array(z.object({ targetPort: z.union([z.string(), z.number()]) })) }) });
const Ingress = z.object({
  apiVersion: z.literal("networking.k8s.io/v1"),
  kind: z.literal("Ingress"),
  metadata: z.object({ annotations: z.record(z.string(), z.string()) }),
  spec: z.object({ rules: z.array(z.object({ http: z.object({ paths: z.array(z.object({ backend: z.object({ service: z.object({ name: z.string() }) }) })) }) })) }),
});
const Job = z.object({ kind: z.literal("Job"), spec: z.object({ template: z.object({ spec: z.object({ containers: z.array(z.object({ command: z.array(z.string()), envFrom: z.array(z.object({ secretRef: z.object({ name: z.string() }) })) })) }) }) }) });
const Secret = z.object({ kind: z.literal("Secret"), metadata: z.object({ name: z.string() }), stringData: z.record(z.string(), z.string()) });

describe("Kubernetes manifests", () => {
  const [deploymentDoc, serviceDoc, ingressDoc, jobDoc] = docs("deploy/k8s/ringlet.yaml");
  const deployment = Deployment.parse(deploymentDoc);
  const service = Service.parse(serviceDoc);
  const ingress = Ingress.parse(ingressDoc);
  const job = Job.parse(jobDoc);
  const secret = Secret.parse(docs("deploy/k8s/secret.example.yaml")[0]);

  it("the Deployment, Service and Ingress agree: labels, port names, service name", () => {
    expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels);
    expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    const portNames = deployment.spec.template.spec.containers[0].ports.map((p) => p.name);
    expect(portNames).toContain(service.spec.ports[0].targetPort);
    expect(ingress.spec.rules[0].http.paths[0].backend.service.name).toBe(service.metadata.name);
    expect(Number(ingress.metadata.annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"])).toBeGreaterThanOrEqual(3600);
  });

  it("every pod and the migration Job read the one secret, which names what the app needs", () => {
    expect(deployment.spec.template.spec.containers[0].envFrom[0].secretRef.name).toBe(secret.metadata.name);
    expect(job.spec.template.spec.containers[0].envFrom[0].secretRef.name).toBe(secret.metadata.name);
    expect(job.spec.template.spec.containers[0].command).toEqual(["node", "--import", "tsx", "cli/index.ts", "migrate"]);
    expect(Object.keys(secret.stringData)).toEqual(expect.arrayContaining(["DATABASE_URL", "BETTER_AUTH_SECRET", "CRON_SECRET", "APP_URL"]));
    const env = Object.fromEntries(deployment.spec.template.spec.containers[0].env.map((e) => [e.name, e.value]));
    expect(env).toMatchObject({ SCHEDULER: "off", TUNNEL_FANOUT: "redis" });
  });

  it("the example CronJobs and Vercel crons are the ones the pipeline registry exports", () => {
    expect(read("deploy/k8s/cronjobs.example.yaml").trim()).toBe(exportCron(PIPELINES, "k8s").trim());
    expect(JSON.parse(read("deploy/vercel-crons.example.json"))).toEqual(JSON.parse(exportCron(PIPELINES, "vercel")));
  });
});

describe("container image and compose file", () => {
  it("the Dockerfile builds in stages, runs as a non-root user and checks liveness", () => {
    const dockerfile = read("Dockerfile");
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\/api\/health\/live/m);
    expect(dockerfile).toMatch(/npm run build:app/);
  });

  it("compose runs two app instances on PostgreSQL with Redis fan-out behind a proxy, one scheduler", () => {
    const compose = z
      .object({ services: z.record(z.string(), z.object({ environment: z.record(z.string(), z.string()).optional(), image: z.string().optional(), build: z.string().optional() })) })
      .parse(parse(read("docker-compose.yml"), { merge: true }));
    const apps = Object.entries(compose.services).filter(([, s]) => s.build === ".");
    expect(apps).toHaveLength(2);
    for (const [, app] of apps) expect(app.environment).toMatchObject({ TUNNEL_FANOUT: "redis", REDIS_URL: "redis://redis:6379", DATABASE_URL: expect.stringContaining("@postgres:5432/") });
    expect(apps.filter(([, s]) => s.environment?.SCHEDULER === "off")).toHaveLength(1);
    expect(compose.services.postgres.image).toMatch(/^postgres:/);
    expect(read("deploy/compose/Caddyfile")).toMatch(/reverse_proxy app1:3000 app2:3000/);
    expect(read("deploy/compose/Caddyfile")).toMatch(/health_uri \/api\/health\/ready/);
  });
});
