import { randomBytes } from "node:crypto";
import { Client } from "pg";

export interface ServerDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh database on a PostgreSQL server (dropped first if a crashed run left it); TEST_DATABASE_URL's by default. */
export async function freshServerDatabase(prefix: string, name = `${prefix}_${randomBytes(5).toString("hex")}`, base = process.env.TEST_DATABASE_URL): Promise<ServerDatabase> {
  if (!base) throw new Error("TEST_DATABASE_URL is not set");
  const run = async (sql: string) => {
    const admin = new Client({ connectionString: base });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };
  await run(`drop database if exists ${name} with (force)`);
  await run(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}
