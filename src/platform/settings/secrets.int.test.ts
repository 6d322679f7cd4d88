import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/src/platform/db/client";
import { writeBackup } from "@/src/platform/db/backup";
import { actorOf, createUser, ctxFor } from "@/tests/support/factories";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { resolveSettings, sealStoredSecrets } from "./resolve";
import { getAdminSettings, patchAdminSettings } from "./service";

const KEY = "sk-live-PLAINTEXT-0123456789abcdef";
const LEGACY = "xai-legacy-PLAINTEXT-0123456789";
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.destroy());

const rawRow = async (name: string) => (await queryRows<{ value: string }>(t.db, sql`select value::text as value from platform_settings where name = ${name}`))[0]?.value;

describe(`secret settings at rest (${process.env.RINGLET_TEST_DB})`, () => {
  it("a key entered in Settings is stored sealed, reads back, and the admin API shows only that it is set", async () => {
    const admin = ctxFor(t.db, actorOf(await createUser(t.db, "admin")));
    const answer = await patchAdminSettings(admin, { OPENAI_API_KEY: KEY });
    expect(await rawRow("OPENAI_API_KEY")).not.toContain("PLAINTEXT");
    expect(await rawRow("OPENAI_API_KEY")).toContain('"sealed"');
    expect((await resolveSettings(t.db, {})).OPENAI_API_KEY).toMatchObject({ value: KEY, source: "db" });
    expect(JSON.stringify(answer)).not.toContain("PLAINTEXT");
    expect((await getAdminSettings(admin)).settings.OPENAI_API_KEY).toEqual({ value: null, source: "db", secret: true, set: true });
  });

  it("a plaintext row from before still reads, and is sealed at start; a backup then holds no plaintext", async () => {
    await t.db.execute(sql`insert into platform_settings (name, value) values ('XAI_API_KEY', ${JSON.stringify(LEGACY)}::jsonb)`);
    expect((await resolveSettings(t.db, {})).XAI_API_KEY.value).toBe(LEGACY);
    expect(await sealStoredSecrets(t.db)).toBe(1);
    expect(await sealStoredSecrets(t.db)).toBe(0);
    expect(await rawRow("XAI_API_KEY")).not.toContain("PLAINTEXT");
    expect((await resolveSettings(t.db, {})).XAI_API_KEY.value).toBe(LEGACY);

    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "ringlet-secrets-")), "ring.backup.gz");
    await writeBackup(t, file);
    const backup = gunzipSync(readFileSync(file)).toString("utf8");
    expect(backup).toContain("OPENAI_API_KEY");
    expect(backup).not.toContain("PLAINTEXT");
  });

  it("a sealed value moved to another setting's row does not open", async () => {
    const [{ value }] = await queryRows<{ value: unknown }>(t.db, sql`select value from platform_settings where name = 'OPENAI_API_KEY'`);
    await t.db.execute(sql`insert into platform_settings (name, value) values ('ANTHROPIC_API_KEY', ${JSON.stringify(value)}::jsonb)`);
    expect((await resolveSettings(t.db, {})).ANTHROPIC_API_KEY.value).toBeNull();
  });
});
