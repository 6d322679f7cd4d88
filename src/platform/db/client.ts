import type { ExtractTablesWithRelations, SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { mkdirSync } from "node:fs";
import path from "node:path";
import * as schema from "./schema";
import { lockDataDir } from "./data-dir-lock";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DbKind = "pglite" | "postgres";

export interface Database {
  db: Db;
  kind: DbKind;
  /** The server URL when kind is postgres. */
  url?: string;
  /** Runs one SQL statement with $n parameters on the underlying driver (EXPLAIN, maintenance). */
  raw<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL; absent means embedded PGlite. */
  url?: string;
  /** PGlite directory; `memory://` for an in-memory database (tests). */
  dataDir?: string;
  lock?: boolean;
  poolSize?: number;
  /** Sees every query Drizzle sends (benchmarks capture SQL to EXPLAIN it). */
  logQuery?: (query: string, params: unknown[]) => void;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.url) {
    const { Pool } = await import("pg");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const pool = new Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // An idle connection dropped by the server (restart, failover) must not crash the process.
    pool.on("error", (err) => process.emitWarning(`PostgreSQL idle client error: ${err.message}`));
    const logger = options.logQuery ? { logQuery: options.logQuery } : undefined;
    const db = drizzle(pool, { schema, logger }) as unknown as Db;
    return {
      db,
      kind: "postgres",
      url: options.url,
      raw: async <T,>(text: string, params?: unknown[]) => (await pool.query(text, params)).rows as T[],
      close: () => pool.end(),
    };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { drizzle } = await import("drizzle-orm/pglite");
  const dir = options.dataDir ?? "memory://";
  let release = () => {};
  let dataDir = dir;
  if (!dir.startsWith("memory://")) {
    const base = path.resolve(dir);
    mkdirSync(base, { recursive: true });
    if (options.lock !== false) release = lockDataDir(base);
    dataDir = path.join(base, "pgdata");
  }
  const client = await PGlite.create({ dataDir, extensions: { pg_trgm } });
  const logger = options.logQuery ? { logQuery: options.logQuery } : undefined;
  const db = drizzle(client, { schema, logger }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    raw: async <T,>(text: string, params?: unknown[]) => (await client.query<T>(text, params)).rows,
    close: async () => {
      await client.close();
      release();
    },
  };
}

const KEY = Symbol.for("ringlet.database");
type Holder = { [KEY]?: Database };

/** The process-wide database, opened by server.ts (or the CLI / test harness) before use. */
export function setDatabase(database: Database | undefined): void {
  (globalThis as Holder)[KEY] = database;
}

export function database(): Database {
  const current = (globalThis as Holder)[KEY];
  if (!current) throw new Error("Database not opened: start the app with `npm start` (server.ts opens it).");
  return current;
}

export function db(): Db {
  return database().db;
}

/** Runs raw SQL and returns its rows; the result shape is the same on PGlite and node-postgres. */
export async function queryRows<T>(database: Db, query: SQL): Promise<T[]> {
  return ((await database.execute(query)) as unknown as { rows: T[] }).rows;
}
