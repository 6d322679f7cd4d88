import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase, queryRows } from "./client";
import { migrateDatabase } from "./migrate";
import { createTestDb } from "@/tests/support/test-db";

describe(`migrations (${process.env.RINGLET_TEST_DB})`, () => {
  it("are idempotent: running them again changes nothing", async () => {
    const t = await createTestDb();
    try {
      await migrateDatabase(t);
      const [{ n }] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      expect(n).toBeGreaterThan(0);
    } finally {
      await t.destroy();
    }
  });

  // Server only: PGlite is one session in one process, guarded by the data-directory lock instead.
  it.runIf(process.env.RINGLET_TEST_DB === "postgres")("two instances migrating at once do not race", async () => {
    const t = await createTestDb({ migrate: false });
    try {
      // Three connection pools on one empty database, as three instances starting at once.
      const others = await Promise.all([openDatabase({ url: t.url }), openDatabase({ url: t.url })]);
      await Promise.all([t, ...others].map((o) => migrateDatabase(o)));
      const [{ n, d }] = await queryRows<{ n: number; d: number }>(t.db, sql`select count(*)::int as n, count(distinct hash)::int as d from drizzle.__drizzle_migrations`);
      expect(n).toBe(d);
      await Promise.all(others.map((o) => o.close()));
    } finally {
      await t.destroy();
    }
  });
});
