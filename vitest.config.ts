import path from "node:path";
import { defineConfig } from "vitest/config";

const TEST_AUTH_SECRET = "integration-tests-secret-0123456789abcdef";
const alias = { "@": path.resolve(import.meta.dirname) };
// Tests that start their own app processes (two instances, restarts, crashes) take 40-60 s on an idle
// 2-core machine and more beside another test file: a hung test is still caught, at two minutes.
const withServer = {
  globalSetup: ["tests/support/global-server.ts"],
  testTimeout: 120_000,
  hookTimeout: 120_000,
};

export default defineConfig({
  resolve: { alias },
  test: {
    // Most test time is spent waiting on servers, browsers and databases in other processes: two files at once.
    maxWorkers: 2,
    projects: [
      { resolve: { alias }, test: { name: "unit", include: ["src/**/*.test.ts", "tests/unit/**/*.test.ts"], exclude: ["**/*.int.test.ts"], environment: "node" } },
      {
        resolve: { alias },
        test: { name: "int-pglite", include: ["src/**/*.int.test.ts"], env: { RINGLET_TEST_DB: "pglite", BETTER_AUTH_SECRET: TEST_AUTH_SECRET }, testTimeout: 30_000, hookTimeout: 60_000 },
      },
      {
        resolve: { alias },
        test: { name: "int-pg", include: ["src/**/*.int.test.ts"], env: { RINGLET_TEST_DB: "postgres", BETTER_AUTH_SECRET: TEST_AUTH_SECRET }, testTimeout: 30_000, hookTimeout: 60_000 },
      },
      { resolve: { alias }, test: { name: "cli", include: ["tests/cli/**/*.test.ts"], testTimeout: 120_000, fileParallelism: false } },
      { resolve: { alias }, test: { name: "api", include: ["tests/api/**/*.test.ts"], ...withServer } },
      // The same API suite against a server on PostgreSQL (TEST_DATABASE_URL); lifecycle tests are embedded-only, the
      // files that start their own fake providers repeat on PostgreSQL only what int-pg already covers, and the page
      // sweep and the body fuzz send the same requests to the same services (their SQL runs on PostgreSQL in int-pg and
      // the leak test).
      {
        resolve: { alias },
        test: {
          name: "api-pg",
          include: ["tests/api/**/*.test.ts"],
          exclude: [
            "tests/api/lifecycle.test.ts",
            "tests/api/payments.test.ts",
            "tests/api/matcher-llm.test.ts",
            "tests/api/mcp.test.ts",
            "tests/api/pages.test.ts",
            "tests/api/fuzz.test.ts",
            // Their services run on PostgreSQL in int-pg; through HTTP they add nothing the embedded run does not.
            "tests/api/account.test.ts",
            "tests/api/moderation.test.ts",
            "tests/api/newsroom.test.ts",
            "tests/api/verification.test.ts",
          ],
          env: { RINGLET_API_DB: "postgres" },
          ...withServer,
        },
      },
      // Browser checks poll what a person would wait for: 15 s, not vitest's 1 s, on a busy 2-core machine.
      { resolve: { alias }, test: { name: "e2e", include: ["tests/e2e/**/*.e2e.ts"], ...withServer, fileParallelism: false, expect: { poll: { timeout: 15_000 } } } },
    ],
  },
});
