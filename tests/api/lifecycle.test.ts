import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readAdminCredentials, startServer, type StartedServer } from "../support/global-server";
import { randomIp, uniqueEmail } from "../support/http";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "ringlet-life-"));
const configFile = path.join(dataDir, "ring-config.json");
const running: StartedServer[] = [];
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()));
  rmSync(dataDir, { recursive: true, force: true });
});

async function post(base: string, route: string, body: unknown) {
  const res = await fetch(`${base}${route}`, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": randomIp() }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describe("first start, second start and white label", () => {
  it("the first start seeds and names the admin once (the password stays in the file, not the log); a second start keeps the data and prints nothing", async () => {
    writeFileSync(configFile, JSON.stringify({ name: "Kyiv Makers Ring", primaryColor: "#0f766e", defaultLocale: "uk", modules: { newsroom: false } }));
    // A closed ring (AUTH_REQUIRE_EMAIL_VERIFICATION off): members sign up and are signed in at once.
    const first = await startServer({ DATA_DIR: dataDir, RING_CONFIG: configFile, ADMIN_EMAILS: "", SEED_DEMO: "true", AUTH_REQUIRE_EMAIL_VERIFICATION: "false" });
    running.push(first);
    expect(first.output()).toContain("Sign in as the admin");
    const creds = readAdminCredentials(dataDir);
    expect(creds.email).toBe("admin@ringlet.local");
    expect(statSync(path.join(dataDir, "admin-credentials.txt")).mode & 0o777).toBe(0o600);
    // NODE_ENV=production and stdout is a pipe: the log says where the password is, never what it is.
    expect(first.output()).not.toContain(creds.password);
    expect(first.output()).toContain(path.join(dataDir, "admin-credentials.txt"));

    const demoPassword = /password: (\S+)$/m.exec(readFileSync(path.join(dataDir, "admin-credentials.txt"), "utf8").split("\n").at(-2)!)?.[1];
    const demo = await post(first.baseUrl, "/api/v1/auth/sign-in", { email: "olena.kovalenko@demo.ringlet.dev", password: demoPassword });
    expect(demo.status).toBe(200);
    expect(demo.body.user.role).toBe("member");

    const page = await (await fetch(`${first.baseUrl}/`)).text();
    expect(page).toContain("Kyiv Makers Ring");
    expect(page).toContain("--ring-primary:#0f766e");
    expect(page).toContain('lang="uk"');

    const email = uniqueEmail("persist");
    const signedUp = await post(first.baseUrl, "/api/v1/auth/sign-up", { email, password: "persist-pass-1", name: "Persist" });
    expect(signedUp).toMatchObject({ status: 201, body: { token: expect.any(String), verificationRequired: false } });
    await first.stop();

    writeFileSync(configFile, JSON.stringify({ name: "Kyiv Makers Ring", primaryColor: "#0f766e", defaultLocale: "uk", modules: { newsroom: false, opportunities: false } }));
    const second = await startServer({ DATA_DIR: dataDir, RING_CONFIG: configFile, ADMIN_EMAILS: "", SEED_DEMO: "true", AUTH_REQUIRE_EMAIL_VERIFICATION: "false" });
    running.push(second);
    expect(second.output()).not.toContain("Sign in as the admin");
    expect((await post(second.baseUrl, "/api/v1/auth/sign-in", { email, password: "persist-pass-1" })).status).toBe(200);
    expect((await post(second.baseUrl, "/api/v1/auth/sign-in", creds)).status).toBe(200);
    const health = await (await fetch(`${second.baseUrl}/api/health`)).json();
    expect(health.modules.newsroom).toBe(false);
    // A disabled module has no menu entry, and its pages and API answer 404.
    expect((await fetch(`${second.baseUrl}/api/v1/opportunities`)).status).toBe(404);
    expect((await fetch(`${second.baseUrl}/opportunities`)).status).toBe(404);
    const home = await (await fetch(`${second.baseUrl}/`)).text();
    expect(home).not.toContain('href="/opportunities"');
    expect(home).toContain('href="/entities"');
    expect((await fetch(`${second.baseUrl}/api/v1/entities`)).status).toBe(200);
    // No CRON_SECRET on this server: cron routes are closed, not open.
    const cronRes = await fetch(`${second.baseUrl}/api/cron/outbox-cleanup`, { method: "POST" });
    expect(cronRes.status).toBe(503);
    expect((await cronRes.json()).error.code).toBe("not_configured");
    await second.stop();
  });

  it("a bad ring-config.json stops the start with a message naming the field", () => {
    const bad = path.join(dataDir, "bad-config.json");
    writeFileSync(bad, JSON.stringify({ name: "X", primaryColor: "red" }));
    const result = spawnSync(process.execPath, ["--import", "tsx", "server.ts"], {
      env: { ...process.env, NODE_ENV: "production", RING_CONFIG: bad, DATA_DIR: path.join(dataDir, "unused"), PORT: "1" },
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("primaryColor: must be a hex colour");
  });
});
