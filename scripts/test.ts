/**
 * `npm test`: unit tests, integration tests on PGlite (and on PostgreSQL when TEST_DATABASE_URL is set),
 * API tests and browser end-to-end tests against a built, started server.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromiumPath } from "../tests/support/chromium";

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

const args = ["vitest", "run", ...projects.flatMap((p) => ["--project", p]), ...process.argv.slice(2)];
const result = spawnSync("npx", args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
process.exit(result.status ?? 1);
