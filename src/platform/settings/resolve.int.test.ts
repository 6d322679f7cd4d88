import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { getSetting, resolveSettings, writeSettings } from "./resolve";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.destroy());

describe(`resolveSettings precedence (${process.env.RINGLET_TEST_DB})`, () => {
  it("uses the default when nothing is set", async () => {
    const s = await resolveSettings(t.db, {});
    expect(s.MATCHER_AUTO_APPROVE).toEqual({ value: false, source: "default" });
    expect(s.MATCHER_AUTO_APPROVE_MIN_SCORE).toEqual({ value: 0.8, source: "default" });
  });

  it("a database value beats the default, and env beats the database", async () => {
    await writeSettings(t.db, [{ name: "MATCHER_AUTO_APPROVE_MIN_SCORE", value: 0.65 }], null);
    expect((await resolveSettings(t.db, {})).MATCHER_AUTO_APPROVE_MIN_SCORE).toEqual({ value: 0.65, source: "db" });
    const pinned = await resolveSettings(t.db, { MATCHER_AUTO_APPROVE_MIN_SCORE: "0.95" });
    expect(pinned.MATCHER_AUTO_APPROVE_MIN_SCORE).toEqual({ value: 0.95, source: "env" });
    expect(await getSetting(t.db, "MATCHER_AUTO_APPROVE_MIN_SCORE", {})).toBe(0.65);
  });

  it("an unparsable env value is ignored rather than used", async () => {
    const s = await resolveSettings(t.db, { MATCHER_SCORE_THRESHOLD: "lots" });
    expect(s.MATCHER_SCORE_THRESHOLD.source).not.toBe("env");
  });

  it("clearing a secret deletes it", async () => {
    await writeSettings(t.db, [{ name: "OPENAI_API_KEY", value: "sk-1" }], null);
    expect((await resolveSettings(t.db, {})).OPENAI_API_KEY).toMatchObject({ value: "sk-1", source: "db", secret: true });
    await writeSettings(t.db, [{ name: "OPENAI_API_KEY", value: null }], null);
    expect((await resolveSettings(t.db, {})).OPENAI_API_KEY).toMatchObject({ value: null, source: "default" });
  });
});
