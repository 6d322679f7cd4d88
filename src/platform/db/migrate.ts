import path from "node:path";
import type { Database } from "./client";

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "migrations");
/** Arbitrary constant: the advisory lock that serialises migrations across instances. */
const MIGRATION_LOCK_ID = 726_431_001;

/** Applies pending migrations; on a server, under an advisory lock so parallel starts do not race. */
export async function migrateDatabase(database: Database, folder = MIGRATIONS_FOLDER): Promise<void> {
  if (database.kind === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migrate(database.db as any, { migrationsFolder: folder });
    return;
  }
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const { Client } = await import("pg");
  // A session-level lock on a connection of its own: the migrator opens its own transaction.
  const lockClient = new Client({ connectionString: database.url });
  await lockClient.connect();
  try {
    await lockClient.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migrate(database.db as any, { migrationsFolder: folder });
  } finally {
    await lockClient.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]).catch(() => {});
    await lockClient.end();
  }
}
