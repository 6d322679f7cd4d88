/**
 * `npm test`: unit tests, integration tests on PGlite (and on PostgreSQL when TEST_DATABASE_URL is set),
 * API tests and browser end-to-end tests against a built, started server.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromiumPath } from "../tests/support/chromium";
import { ensureBuild } from "./start";

const projects = ["unit", "int-pglite"];
if (process.env.TEST_DATABASE_URL) projects.push("int-pg");
else process.stdout.write("TEST_DATABASE_URL is not set: integration tests run on PGlite only.\n");
projects.push("cli", "api");
if (process.env.TEST_DATABASE_URL) projects.push("api-pg");

const browser = chromiumPath();
if (browser && existsSync(browser)) projects.push("e2e");
else if (process.env.RINGLET_REQUIRE_E2E === "1") {
  process.stderr.write("RINGLET_REQUIRE_E2E=1 but no Chromium was found (apt-get install -y chromium).\n");
  process.exit(1);
} else {
  process.stdout.write("No Chromium at /usr/bin/chromium (or CHROMIUM_PATH): browser end-to-end tests are not run. Install it with `apt-get install -y chromium`.\n");
}

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const vitestArgs = (names: string[]) => ["vitest", "run", ...names.flatMap((p) => ["--project", p]), ...process.argv.slice(2)];

// Browser tests run one file at a time; beside the other projects they use the worker those leave idle
// instead of running alone at the end. A filtered run (`npm test -- file`) stays one process.
if (!projects.includes("e2e") || process.argv.length > 2) {
  const result = spawnSync("npx", vitestArgs(projects), { stdio: "inherit", env });
  process.exit(result.status ?? 1);
}

// Both runs start servers from the same build: make it once, before either looks.
ensureBuild();
const browserOutput: Buffer[] = [];
const browserRun = spawn("npx", vitestArgs(["e2e"]), { stdio: ["ignore", "pipe", "pipe"], env });
browserRun.stdout.on("data", (d: Buffer) => browserOutput.push(d));
browserRun.stderr.on("data", (d: Buffer) => browserOutput.push(d));
const browserDone = new Promise<number>((resolve) => browserRun.on("close", (code) => resolve(code ?? 1)));
const rest = await new Promise<number>((resolve) =>
  spawn("npx", vitestArgs(projects.filter((p) => p !== "e2e")), { stdio: "inherit", env }).on("close", (code) => resolve(code ?? 1)),
);
const browserCode = await browserDone;
process.stdout.write("\n──────── browser end-to-end tests (ran beside the others) ────────\n");
process.stdout.write(Buffer.concat(browserOutput));
process.exit(rest !== 0 ? rest : browserCode);
