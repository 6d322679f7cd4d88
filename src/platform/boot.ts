import { env, type Env } from "./config/env";
import { ringConfig } from "./config/ring-config";
import { openDatabase, setDatabase, type Database } from "./db/client";
import { migrateDatabase } from "./db/migrate";

/** Validates config, opens the database (PGlite under DATA_DIR, or DATABASE_URL) and migrates it. */
export async function openAppDatabase(e: Env = env()): Promise<Database> {
  ringConfig();
  const database = await openDatabase({ url: e.DATABASE_URL, dataDir: e.DATA_DIR });
  await migrateDatabase(database);
  setDatabase(database);
  return database;
}
