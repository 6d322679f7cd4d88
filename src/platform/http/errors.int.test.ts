import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { queryRows } from "../db/client";
import { toErrorResponse } from "./errors";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ migrate: false });
});
afterAll(async () => t.destroy());

async function failureOf(query: ReturnType<typeof sql>): Promise<unknown> {
  try {
    await queryRows(t.db, query);
  } catch (error) {
    return error;
  }
  throw new Error("the query was expected to fail");
}

describe(`database errors from hostile input are the caller's, not ours (${process.env.RINGLET_TEST_DB})`, () => {
  it("an id the database cannot read as a uuid is 404 not_found, in the reader's language", async () => {
    for (const id of ["not-a-uuid", "1' or '1'='1", "a".repeat(300), "ідентифікатор"]) {
      const error = await failureOf(sql`select ${id}::uuid`);
      expect(toErrorResponse(error)).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    }
    expect(toErrorResponse(await failureOf(sql`select ${"x"}::uuid`), "uk").body.error.message).toBe("Не знайдено");
  });

  it("a NUL byte in text, an impossible date or an out-of-range number is 400 validation_failed", async () => {
    for (const query of [sql`select ${"a\u0000b"}::text`, sql`select ${"2024-13-45"}::timestamptz`, sql`select ${"99999999999"}::int`]) {
      expect(toErrorResponse(await failureOf(query))).toMatchObject({ status: 400, body: { error: { code: "validation_failed" } } });
    }
  });

  it("anything else from the database stays a 500", async () => {
    expect(toErrorResponse(await failureOf(sql`select 1/0`)).status).toBe(500);
    expect(toErrorResponse(new Error("boom")).status).toBe(500);
  });
});
