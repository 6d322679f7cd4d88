import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { openDatabase, setDatabase, type Database } from "@/src/platform/db/client";
import { migrateDatabase } from "@/src/platform/db/migrate";

export interface TestDb extends Database {
  label: string;
  /** Closes the database and drops it (server) or discards it (PGlite). */
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or, for the `int-pg` project,
 * a new database on the TEST_DATABASE_URL server that is dropped afterwards.
 */
export async function createTestDb(options: { migrate?: boolean } = {}): Promise<TestDb> {
  const migrate = options.migrate ?? true;
  const kind = process.env.RINGLET_TEST_DB ?? "pglite";
  if (kind === "pglite") {
    const database = await openDatabase({ dataDir: "memory://" });
    if (migrate) await migrateDatabase(database);
    setDatabase(database);
    return { ...database, label: "pglite", destroy: () => database.close() };
  }
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error("RINGLET_TEST_DB=postgres needs TEST_DATABASE_URL");
  const name = `ringlet_t_${randomBytes(6).toString("hex")}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 5 });
  if (migrate) await migrateDatabase(database);
  setDatabase(database);
  return {
    ...database,
    label: "postgres",
    destroy: async () => {
      await database.close();
      const dropper = new Client({ connectionString: base });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
