import { env, type Env } from "./config/env";
import { ringConfig } from "./config/ring-config";
import { openDatabase, setDatabase, type Database } from "./db/client";
import { migrateDatabase } from "./db/migrate";
import { sealStoredSecrets } from "./settings/resolve";

/** Validates config, opens the database (PGlite under DATA_DIR, or DATABASE_URL), migrates it and seals plaintext secret settings. */
export async function openAppDatabase(e: Env = env()): Promise<Database> {
  ringConfig();
  const database = await openDatabase({ url: e.DATABASE_URL, dataDir: e.DATA_DIR });
  await migrateDatabase(database);
  await sealStoredSecrets(database.db);
  setDatabase(database);
  return database;
}
