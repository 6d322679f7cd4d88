import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { createGunzip, createGzip } from "node:zlib";
import { sql } from "drizzle-orm";
import { queryRows, type Database, type Db } from "./client";

export const BACKUP_FORMAT = "ringlet-backup/1";
const BATCH = 500;

interface Table {
  name: string;
  columns: string[];
}

/** The app's tables and their stored (not generated) columns, in a stable order. */
async function tables(db: Db): Promise<Table[]> {
  const rows = await queryRows<{ table_name: string; column_name: string }>(
    db,
    sql`select c.table_name, c.column_name from information_schema.columns c join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.is_generated = 'NEVER' order by c.table_name, c.ordinal_position`,
  );
  const byTable = new Map<string, string[]>();
  for (const r of rows) byTable.set(r.table_name, [...(byTable.get(r.table_name) ?? []), r.column_name]);
  return [...byTable].map(([name, columns]) => ({ name, columns }));
}

const columnList = (columns: string[]) => sql.join(columns.map((c) => sql.identifier(c)), sql`, `);

/**
 * Writes every row of every table as gzip'd JSON lines, read in one repeatable-read transaction
 * (a consistent snapshot on a server that keeps serving; PGlite is one session anyway). The same
 * file restores into either engine.
 */
export async function writeBackup(database: Database, file: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const lines: string[] = [];
  await database.db.transaction(
    async (tx) => {
      await queryRows(tx, sql`set local timezone = 'UTC'`);
      const [{ migration }] = await queryRows<{ migration: string | null }>(tx, sql`select max(created_at)::text as migration from drizzle.__drizzle_migrations`);
      lines.push(JSON.stringify({ format: BACKUP_FORMAT, createdAt: new Date().toISOString(), engine: database.kind, migration }));
      for (const table of await tables(tx)) {
        const rows = await queryRows<{ row: string }>(tx, sql`select row_to_json(t)::text as row from (select ${columnList(table.columns)} from ${sql.identifier(table.name)}) t`);
        counts[table.name] = rows.length;
        lines.push(JSON.stringify({ table: table.name, columns: table.columns, rows: rows.length }));
        for (const r of rows) lines.push(r.row);
      }
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  await pipeline(Readable.from(lines.map((l) => `${l}\n`)), createGzip(), createWriteStream(file));
  return counts;
}

async function* readLines(file: string) {
  const reader = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of reader) if (line) yield line;
}

/**
 * Loads a backup into a migrated database in one transaction: every table in the file is emptied
 * and refilled (foreign keys are checked by the data having been consistent when written), then
 * sequences are moved past the restored rows. Refuses a database that already has members unless
 * `replace` is set.
 */
export async function restoreBackup(database: Database, file: string, options: { replace?: boolean } = {}): Promise<Record<string, number>> {
  const lines = readLines(file);
  const first = await lines.next();
  const header = first.done ? null : (JSON.parse(first.value) as { format?: string });
  if (header?.format !== BACKUP_FORMAT) throw new Error(`${file} is not a Ringlet backup`);
  const counts: Record<string, number> = {};
  await database.db.transaction(async (tx) => {
    const [{ members }] = await queryRows<{ members: number }>(tx, sql`select count(*)::int as members from "user"`);
    if (members > 0 && !options.replace) throw new Error("This database already has accounts; restore into an empty one, or pass --replace to overwrite it");
    await queryRows(tx, sql`set local session_replication_role = replica`);
    const known = new Set((await tables(tx)).map((t) => t.name));
    let current: Table | null = null;
    let batch: string[] = [];
    const flush = async () => {
      if (!current || batch.length === 0) return;
      await queryRows(tx, sql`insert into ${sql.identifier(current.name)} (${columnList(current.columns)}) select ${columnList(current.columns)} from json_populate_recordset(null::${sql.identifier(current.name)}, ${`[${batch.join(",")}]`}::json)`);
      counts[current.name] = (counts[current.name] ?? 0) + batch.length;
      batch = [];
    };
    for await (const line of lines) {
      if (line.startsWith('{"table":')) {
        await flush();
        const header = JSON.parse(line) as { table: string; columns: string[] };
        current = { name: header.table, columns: header.columns };
        if (!known.has(current.name)) throw new Error(`The backup has a table this version does not know: ${current.name}`);
        await queryRows(tx, sql`delete from ${sql.identifier(current.name)}`);
        counts[current.name] = 0;
        continue;
      }
      batch.push(line);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    const serials = await queryRows<{ table_name: string; column_name: string }>(tx, sql`select table_name, column_name from information_schema.columns where table_schema = 'public' and column_default like 'nextval(%'`);
    for (const s of serials) {
      await queryRows(tx, sql`select setval(pg_get_serial_sequence(${`"${s.table_name}"`}, ${s.column_name}), coalesce((select max(${sql.identifier(s.column_name)}) from ${sql.identifier(s.table_name)}), 0) + 1, false)`);
    }
  });
  await database.raw("analyze");
  return counts;
}

/** Row count and a checksum of every table's rows, for comparing two databases. */
export async function tableChecksums(db: Db): Promise<Record<string, { rows: number; md5: string }>> {
  return db.transaction(async (tx) => {
    // Timestamps render in the session's zone: the same zone on both sides.
    await queryRows(tx, sql`set local timezone = 'UTC'`);
    const result: Record<string, { rows: number; md5: string }> = {};
    for (const table of await tables(tx)) {
      const [row] = await queryRows<{ rows: number; md5: string }>(
        tx,
        sql`select count(*)::int as rows, md5(coalesce(string_agg(r, '|' order by r), '')) as md5 from (select row_to_json(t)::text as r from (select ${columnList(table.columns)} from ${sql.identifier(table.name)}) t) x`,
      );
      result[table.name] = row;
    }
    return result;
  });
}
