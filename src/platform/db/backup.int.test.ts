import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLATFORM, post, userAccount } from "@/src/modules/payments/ledger";
import { actorOf, createUser, ctxFor, insertEntity, insertOpportunity } from "@/tests/support/factories";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { restoreBackup, tableChecksums, writeBackup } from "./backup";
import { openDatabase, type Database } from "./client";
import { migrateDatabase } from "./migrate";

let source: TestDb;
let target: TestDb;
const dir = mkdtempSync(path.join(os.tmpdir(), "ringlet-backup-"));

beforeAll(async () => {
  source = await createTestDb();
  target = await createTestDb();
});
afterAll(async () => {
  await source.destroy();
  await target.destroy();
});

async function fill(database: Database) {
  const owner = await createUser(database.db, "member", { name: "Олена Коваль" });
  const entity = await insertEntity(database.db, owner.id, { name: "Кооператив «Льон»", tags: ["linen", "льон"], verified: true });
  await insertOpportunity(database.db, owner.id, { title: "Weaver wanted", entityId: entity.id });
  await database.db.transaction((tx) => post(tx, [{ account: PLATFORM.grants, amount: -42 }, { account: userAccount(owner.id), amount: 42 }], "welcome", { actorId: actorOf(owner).userId }));
  return ctxFor(database.db, actorOf(owner));
}

describe(`backup and restore (${process.env.RINGLET_TEST_DB ?? "pglite"})`, () => {
  it("a backup restored into an empty database gives the same rows in every table", async () => {
    await fill(source);
    const file = path.join(dir, "ring.backup.gz");
    const written = await writeBackup(source, file);
    expect(written.user).toBeGreaterThanOrEqual(1);
    const restored = await restoreBackup(target, file);
    expect(restored).toEqual(written);
    expect(await tableChecksums(target.db)).toEqual(await tableChecksums(source.db));
    await expect(restoreBackup(target, file)).rejects.toThrow(/already has accounts/);
    await restoreBackup(target, file, { replace: true });
    expect(await tableChecksums(target.db)).toEqual(await tableChecksums(source.db));
  });

  it("refuses a file that is not a backup", async () => {
    const bogus = path.join(dir, "bogus.gz");
    const { gzipSync } = await import("node:zlib");
    writeFileSync(bogus, gzipSync('{"hello":"world"}\n'));
    await expect(restoreBackup(target, bogus)).rejects.toThrow(/not a Ringlet backup/);
  });

  // Server only: the target of the move is the PostgreSQL server of the int-pg project.
  it.runIf(process.env.RINGLET_TEST_DB === "postgres")("moves an embedded ring to the PostgreSQL server (migrate-to-postgres)", async () => {
    const embedded = await openDatabase({ dataDir: "memory://" });
    await migrateDatabase(embedded);
    await fill(embedded);
    const file = path.join(dir, "embedded.backup.gz");
    await writeBackup(embedded, file);
    await restoreBackup(target, file, { replace: true });
    expect(await tableChecksums(target.db)).toEqual(await tableChecksums(embedded.db));
    await embedded.close();
  });
});
