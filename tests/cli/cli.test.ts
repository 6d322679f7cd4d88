import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { freshServerDatabase } from "../support/server-database";

const run = promisify(execFile);
const dataDir = mkdtempSync(path.join(os.tmpdir(), "ringlet-cli-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function cli(...args: string[]) {
  return run(process.execPath, ["--import", "tsx", "cli/index.ts", ...args], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "silent" } });
}

describe("npm run cli", () => {
  it("seeds bulk members, lists them and changes a role", async () => {
    const seeded = JSON.parse((await cli("--json", "seed", "--members", "3")).stdout);
    expect(seeded).toMatchObject({ members: 3, entities: 0, opportunities: 0 });
    const users = JSON.parse((await cli("--json", "users", "list")).stdout) as { email: string; role: string }[];
    expect(users).toHaveLength(3);
    const target = users[0].email;

    const changed = JSON.parse((await cli("--json", "users", "set-role", target, "confidential")).stdout);
    expect(changed).toMatchObject({ email: target, role: "confidential" });
    const confidential = JSON.parse((await cli("--json", "users", "list", "--role", "confidential")).stdout);
    expect(confidential.map((u: { email: string }) => u.email)).toEqual([target]);
  });

  it("marks an account's address verified", async () => {
    await cli("seed", "--members", "1");
    const [target] = JSON.parse((await cli("--json", "users", "list")).stdout) as { email: string }[];
    expect(JSON.parse((await cli("--json", "users", "verify", target.email)).stdout)).toMatchObject({ email: target.email, emailVerified: true });
    await expect(cli("users", "verify", "nobody@test.local")).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("no account with email") });
  });

  it("seeds listings for benchmarks and expires overdue ones", async () => {
    const seeded = JSON.parse((await cli("--json", "seed", "--entities", "5", "--opportunities", "40")).stdout);
    expect(seeded).toMatchObject({ entities: 5, opportunities: 40 });
    const expired = JSON.parse((await cli("--json", "opportunities", "expire")).stdout);
    expect(expired.expired).toBe(0);
    await expect(cli("seed")).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("say how much to create") });
    await expect(cli("seed", "--members", "-4")).rejects.toMatchObject({ stderr: expect.stringContaining("positive whole number") });
  });

  it("runs a pipeline with a cli ledger row, and exports the schedules for external schedulers", async () => {
    const ran = JSON.parse((await cli("--json", "run", "outbox-cleanup")).stdout);
    expect(ran.status).toBe("succeeded");
    await expect(cli("run", "no-such-pipeline")).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("No pipeline named no-such-pipeline") });
    const k8s = (await cli("cron", "list", "--format", "k8s", "--url", "https://ring.test")).stdout;
    expect(k8s).toContain("kind: CronJob");
    expect(k8s).toContain("https://ring.test/api/cron/opportunity-expiry");
    const vercel = JSON.parse((await cli("cron", "list", "--format", "vercel")).stdout);
    expect(vercel.crons.map((c: { path: string }) => c.path)).toContain("/api/cron/matcher-digest");
  });

  it("refuses an unknown role or email with a clear message and exit code 1", async () => {
    await expect(cli("users", "set-role", "nobody@test.local", "member")).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("no account with email") });
    await expect(cli("users", "set-role", "x@test.local", "emperor")).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("role must be one of") });
  });

  it("refuses to open a data directory another live process holds", async () => {
    writeFileSync(path.join(dataDir, "ringlet.lock"), String(process.pid));
    try {
      await expect(cli("migrate")).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("is in use by process") });
    } finally {
      rmSync(path.join(dataDir, "ringlet.lock"));
    }
  });

  it("backs up, restores into another data directory, refuses a non-empty one, and moves the ring to PostgreSQL", async () => {
    const file = path.join(dataDir, "..", `ringlet-cli-${process.pid}.backup.gz`);
    const written = JSON.parse((await cli("--json", "backup", file)).stdout);
    expect(written.tables.user).toBeGreaterThanOrEqual(3);
    const otherDir = mkdtempSync(path.join(os.tmpdir(), "ringlet-cli-restore-"));
    const inOther = (...args: string[]) => run(process.execPath, ["--import", "tsx", "cli/index.ts", ...args], { env: { ...process.env, DATA_DIR: otherDir, DATABASE_URL: "", LOG_LEVEL: "silent" } });
    const restored = JSON.parse((await inOther("--json", "restore", file)).stdout);
    expect(restored.tables).toEqual(written.tables);
    expect(JSON.parse((await inOther("--json", "users", "list")).stdout)).toEqual(JSON.parse((await cli("--json", "users", "list")).stdout));
    await expect(inOther("restore", file)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("already has accounts") });
    rmSync(otherDir, { recursive: true, force: true });
    if (!process.env.TEST_DATABASE_URL) return;
    const target = await freshServerDatabase("ringlet_cli_move");
    const moved = JSON.parse((await cli("--json", "migrate-to-postgres", target.url)).stdout);
    expect(moved).toMatchObject({ verified: true, tables: written.tables });
    await target.drop();
  });

  it("admin tasks: settings, credits, suspension and match explanations, each with clear refusals", async () => {
    const [first, second, third] = JSON.parse((await cli("--json", "users", "list")).stdout) as { email: string }[];
    await expect(cli("credits", "grant", first.email, "5", "--reason", "no admin yet")).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("no admin account") });
    await cli("users", "set-role", first.email, "admin");

    expect(JSON.parse((await cli("--json", "settings", "get", "GENERATIVE_IMAGES_PER_USER_PER_DAY")).stdout)).toEqual({ GENERATIVE_IMAGES_PER_USER_PER_DAY: { value: 20, source: "default" } });
    expect(JSON.parse((await cli("--json", "settings", "set", "GENERATIVE_IMAGES_PER_USER_PER_DAY", "5")).stdout).GENERATIVE_IMAGES_PER_USER_PER_DAY).toEqual({ value: 5, source: "db" });
    await expect(cli("settings", "set", "GENERATIVE_IMAGES_PER_USER_PER_DAY", "-3")).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("GENERATIVE_IMAGES_PER_USER_PER_DAY") });
    expect(JSON.parse((await cli("--json", "settings", "set", "GENERATIVE_IMAGES_PER_USER_PER_DAY", "default")).stdout).GENERATIVE_IMAGES_PER_USER_PER_DAY.source).toBe("default");

    expect(JSON.parse((await cli("--json", "credits", "grant", second.email, "25", "--reason", "Welcome credits")).stdout)).toEqual({ email: second.email, balance: 25 });
    expect(JSON.parse((await cli("--json", "credits", "grant", second.email, "-5", "--reason", "Correction")).stdout).balance).toBe(20);

    const suspended = JSON.parse((await cli("--json", "users", "suspend", third.email, "--note", "Spam")).stdout);
    expect(suspended).toMatchObject({ email: third.email });
    await expect(cli("users", "suspend", third.email, "--note", "Again")).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("already suspended") });

    await expect(cli("matcher", "explain", "00000000-0000-0000-0000-000000000000", second.email)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("not found") });
  }, 150_000);

  it("exports the ring's content as JSON and imports it into another ring under one owner, once", async () => {
    const file = path.join(dataDir, "..", `ringlet-cli-${process.pid}.ring.json`);
    const exported = JSON.parse((await cli("--json", "export", file)).stdout);
    expect(exported.entities).toBeGreaterThan(0);
    expect(exported.opportunities).toBeGreaterThan(0);
    const otherDir = mkdtempSync(path.join(os.tmpdir(), "ringlet-cli-import-"));
    const inOther = (...args: string[]) => run(process.execPath, ["--import", "tsx", "cli/index.ts", ...args], { env: { ...process.env, DATA_DIR: otherDir, DATABASE_URL: "", LOG_LEVEL: "silent" } });
    try {
      await inOther("seed", "--members", "1");
      const [owner] = JSON.parse((await inOther("--json", "users", "list")).stdout) as { email: string }[];
      await expect(inOther("import", file, "--owner", "nobody@test.local")).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("no account with email") });
      const first = JSON.parse((await inOther("--json", "import", file, "--owner", owner.email)).stdout);
      expect(first).toMatchObject({ entities: exported.entities, opportunities: exported.opportunities, skipped: 0 });
      const again = JSON.parse((await inOther("--json", "import", file, "--owner", owner.email)).stdout);
      expect(again).toMatchObject({ entities: 0, opportunities: 0, articles: 0, skipped: exported.entities + exported.opportunities + exported.articles });
      writeFileSync(file, JSON.stringify({ format: "something-else" }));
      await expect(inOther("import", file, "--owner", owner.email)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("is not a Ringlet ring export") });
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
      rmSync(file, { force: true });
    }
  }, 120_000);
});
