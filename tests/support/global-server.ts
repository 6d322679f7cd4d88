import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { ensureBuild } from "../../scripts/start";
import { startFakeGenerative, type FakeGenerative } from "./fake-generative";
import { startMailSink, type MailSink } from "./mail-sink";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    adminEmail: string;
    adminPassword: string;
    dataDir: string;
    dbKind: "pglite" | "postgres";
    /** Reads what the suite server mailed (tests/support/mail-sink.ts). */
    mailSinkUrl: string;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export interface StartedServer {
  baseUrl: string;
  dataDir: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts the built app (server.ts) on a free port with its own DATA_DIR, and waits for /api/health. */
export async function startServer(extraEnv: Record<string, string> = {}): Promise<StartedServer> {
  const port = await freePort();
  const dataDir = extraEnv.DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), "ringlet-test-"));
  const baseUrl = `http://localhost:${port}`;
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      DATA_DIR: dataDir,
      APP_URL: baseUrl,
      TRUST_PROXY: "true",
      ADMIN_EMAILS: "admin@test.local",
      LOG_LEVEL: "warn",
      OUTBOX_POLL_MS: "100",
      // The API budget is per account, and every test file shares the one admin account (it verifies
      // each new member's address): 600 a minute is a production default, not a test's. The limit
      // itself is tested by the auth tests (per address and account) and limit-key.test.ts.
      RATE_LIMIT_API_PER_MINUTE: "100000",
      // The fake providers listen on 127.0.0.1; production refuses private addresses.
      OUTBOUND_ALLOW_PRIVATE: "true",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseUrl,
    dataDir,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      if (!extraEnv.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function readAdminCredentials(dataDir: string): { email: string; password: string } {
  const text = readFileSync(path.join(dataDir, "admin-credentials.txt"), "utf8");
  const email = /email: (.+)/.exec(text)?.[1]?.trim();
  const password = /password: (.+)/.exec(text)?.[1]?.trim();
  if (!email || !password) throw new Error("admin-credentials.txt is incomplete");
  return { email, password };
}

export const TEST_CRON_SECRET = "test-cron-secret-0123456789";
export const TEST_METRICS_TOKEN = "test-metrics-token-0123456789";
export const TEST_INBOUND_SECRET = "test-inbound-email-secret-0123";

let server: StartedServer | undefined;
let generative: FakeGenerative | undefined;
let mailSink: MailSink | undefined;
let dropDatabase: (() => Promise<void>) | undefined;

/** A fresh database on the TEST_DATABASE_URL server, for running the API suite against PostgreSQL. */
async function serverDatabase(): Promise<string> {
  if (!process.env.TEST_DATABASE_URL) throw new Error("the api-pg project needs TEST_DATABASE_URL");
  const { freshServerDatabase } = await import("./server-database");
  const db = await freshServerDatabase("ringlet_api", `ringlet_api_${process.pid}`);
  dropDatabase = db.drop;
  return db.url;
}

export async function setup(project: TestProject) {
  ensureBuild();
  const dbKind = project.config.env?.RINGLET_API_DB === "postgres" ? "postgres" : "pglite";
  const extra: Record<string, string> = dbKind === "postgres" ? { DATABASE_URL: await serverDatabase() } : {};
  // Images, video and article text come from a fake xAI on 127.0.0.1 for every API and browser test.
  generative = await startFakeGenerative();
  // Mail really goes out (to a sink on 127.0.0.1): sign-up verification and login links arrive there, never in the outbox.
  mailSink = await startMailSink();
  server = await startServer({
    SMTP_URL: mailSink.smtpUrl,
    SEED_DEMO: "false",
    MATCHER_RERANK_TOP_K: "7",
    CRON_SECRET: TEST_CRON_SECRET,
    METRICS_TOKEN: TEST_METRICS_TOKEN,
    EMAIL_INBOUND_SECRET: TEST_INBOUND_SECRET,
    XAI_API_KEY: "xai-test-key",
    XAI_API_BASE_URL: generative.baseUrl,
    GENERATIVE_JOB_POLL_MS: "1000",
    ...extra,
  });
  project.provide("dbKind", dbKind);
  const admin = readAdminCredentials(server.dataDir);
  project.provide("baseUrl", server.baseUrl);
  project.provide("adminEmail", admin.email);
  project.provide("adminPassword", admin.password);
  project.provide("dataDir", server.dataDir);
  project.provide("mailSinkUrl", mailSink.url);
}

export async function teardown() {
  await server?.stop();
  await generative?.close();
  await mailSink?.close();
  await dropDatabase?.();
}
