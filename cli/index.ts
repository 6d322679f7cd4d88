import { Command, InvalidArgumentError } from "commander";
import { eq } from "drizzle-orm";
import { changeRole } from "@/src/modules/members/roles";
import { expireOpportunities } from "@/src/modules/opportunities/service";
import { startRun } from "@/src/modules/processes/conductor";
import { CRON_FORMATS, exportCron } from "@/src/modules/processes/cron-export";
import { PIPELINES } from "@/src/modules/processes/pipelines";
import { seedBulkEntities, seedBulkMembers, seedBulkOpportunities } from "@/src/platform/seed/bulk";
import { ROLES, type Role } from "@/src/platform/auth/roles";
import { user } from "@/src/platform/auth/schema";
import { openAppDatabase } from "@/src/platform/boot";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { restoreBackup, tableChecksums, writeBackup } from "@/src/platform/db/backup";
import { openDatabase, type Database } from "@/src/platform/db/client";
import { migrateDatabase } from "@/src/platform/db/migrate";

const program = new Command()
  .name("ringlet")
  .description("Ringlet command line. With the embedded database, stop the server first (it holds the data directory).")
  .option("--json", "print machine-readable JSON");

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("must be a positive whole number");
  return n;
}

async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openAppDatabase();
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

function print(value: unknown, human: string) {
  process.stdout.write((program.opts().json ? JSON.stringify(value) : human) + "\n");
}

program
  .command("migrate")
  .description("apply pending database migrations")
  .action(() => withDatabase(async (d) => print({ ok: true, db: d.kind }, `Migrations applied (${d.kind}).`)));

program
  .command("seed")
  .description("create bulk demo data for benchmarks")
  .option("--members <n>", "member profiles to create", positiveInt, 0)
  .option("--entities <n>", "organisations to create", positiveInt, 0)
  .option("--opportunities <n>", "active listings to create", positiveInt, 0)
  .action((opts: { members: number; entities: number; opportunities: number }) =>
    withDatabase(async (d) => {
      if (!opts.members && !opts.entities && !opts.opportunities) throw new Error("say how much to create: --members, --entities and/or --opportunities");
      const started = Date.now();
      const report = (what: string, total: number) => (done: number) => process.stderr.write(`\r  ${what}: ${done}/${total}   `);
      const created = {
        members: opts.members ? await seedBulkMembers(d.db, opts.members, report("members", opts.members)) : 0,
        entities: opts.entities ? await seedBulkEntities(d.db, opts.entities, report("organisations", opts.entities)) : 0,
        opportunities: opts.opportunities ? await seedBulkOpportunities(d.db, opts.opportunities, report("opportunities", opts.opportunities)) : 0,
      };
      // Fresh statistics, so the planner uses the indexes on the new data (PGlite has no autovacuum).
      await d.raw("analyze");
      process.stderr.write("\n");
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      print({ ...created, ms: Date.now() - started }, `Created ${created.members} members, ${created.entities} organisations and ${created.opportunities} listings in ${seconds} s.`);
    }),
  );

const opportunitiesCommand = program.command("opportunities").description("manage listings");
opportunitiesCommand
  .command("expire")
  .description("move active listings past their deadline to expired")
  .action(() =>
    withDatabase(async (d) => {
      const expired = await expireOpportunities(d.db);
      print({ expired }, `${expired} listing(s) expired.`);
    }),
  );

const users = program.command("users").description("manage accounts");

users
  .command("set-role <email> <role>")
  .description(`change an account's role (${ROLES.join(", ")}); audited`)
  .action((email: string, role: string) =>
    withDatabase(async (d) => {
      if (!(ROLES as readonly string[]).includes(role)) throw new Error(`role must be one of ${ROLES.join(", ")}`);
      const [target] = await d.db.select().from(user).where(eq(user.email, email.toLowerCase()));
      if (!target) throw new Error(`no account with email ${email}`);
      const updated = await d.db.transaction((tx) => changeRole(tx, target, role as Role, { actorId: null, via: "cli" }));
      print(updated, `${updated.email} is now ${updated.role}.`);
    }),
  );

users
  .command("list")
  .description("list accounts")
  .option("--role <role>", "only this role")
  .action((opts: { role?: string }) =>
    withDatabase(async (d) => {
      const rows = await d.db
        .select({ id: user.id, email: user.email, name: user.name, role: user.role })
        .from(user)
        .where(opts.role ? eq(user.role, opts.role) : undefined)
        .orderBy(user.createdAt);
      print(rows, rows.map((r) => `${r.role.padEnd(13)} ${r.email}  ${r.name}`).join("\n") || "(no accounts)");
    }),
  );

program
  .command("run <pipeline>")
  .description("run a pipeline now and wait for it (same ledger rows as every other trigger)")
  .action((name: string) =>
    withDatabase(async (d) => {
      const started = await startRun(d.db, PIPELINES, name, { trigger: "cli" });
      if (started.status === "skipped") throw new Error(`${name} is already running (run ${started.runId} recorded as skipped)`);
      const status = await started.done;
      print({ runId: started.runId, status }, `${name}: ${status} (run ${started.runId})`);
      if (status !== "succeeded") process.exitCode = 1;
    }),
  );

const summary = (counts: Record<string, number>) => `${Object.keys(counts).length} tables, ${Object.values(counts).reduce((a, b) => a + b, 0)} rows`;

program
  .command("backup <file>")
  .description("write every table to a gzip'd JSON-lines file (a consistent snapshot; restores into PGlite or PostgreSQL). Uploaded files live in DATA_DIR/files or the S3 bucket: copy them too")
  .action((file: string) =>
    withDatabase(async (d) => {
      const counts = await writeBackup(d, file);
      print({ file, tables: counts }, `Backed up ${summary(counts)} to ${file}.`);
    }),
  );

program
  .command("restore <file>")
  .description("load a backup into this ring's database (empty, unless --replace)")
  .option("--replace", "overwrite a database that already has accounts")
  .action((file: string, opts: { replace?: boolean }) =>
    withDatabase(async (d) => {
      const counts = await restoreBackup(d, file, { replace: opts.replace });
      print({ file, tables: counts }, `Restored ${summary(counts)} from ${file}.`);
    }),
  );

program
  .command("migrate-to-postgres <url>")
  .description("copy the embedded (PGlite) ring into a PostgreSQL database, then run with DATABASE_URL set to it")
  .option("--replace", "overwrite a target database that already has accounts")
  .action((url: string, opts: { replace?: boolean }) =>
    withDatabase(async (source) => {
      if (source.kind !== "pglite") throw new Error("this ring already runs on PostgreSQL (DATABASE_URL is set); use backup and restore instead");
      if (!/^postgres(ql)?:\/\//.test(url)) throw new Error("the target must be a postgres:// URL");
      const target = await openDatabase({ url, poolSize: 2 });
      try {
        await migrateDatabase(target);
        const file = path.join(mkdtempSync(path.join(os.tmpdir(), "ringlet-move-")), "ring.backup.gz");
        await writeBackup(source, file);
        const counts = await restoreBackup(target, file, { replace: opts.replace });
        const same = JSON.stringify(await tableChecksums(source.db)) === JSON.stringify(await tableChecksums(target.db));
        if (!same) throw new Error("the copy does not match the embedded database; the target was left as it is for inspection");
        print({ tables: counts, verified: true }, `Copied ${summary(counts)} and verified them. Now start with DATABASE_URL=${new URL(url).origin.replace(/\/\/.*@/, "//")}${new URL(url).pathname}.`);
      } finally {
        await target.close();
      }
    }),
  );

const cron = program.command("cron").description("scheduler helpers");
cron
  .command("list")
  .description("print the pipelines as an external scheduler's configuration")
  .option("--format <format>", `one of ${CRON_FORMATS.join(", ")}`, "crontab")
  .option("--url <url>", "the ring's public URL", "https://ring.example.org")
  .action((opts: { format: string; url: string }) => {
    const format = CRON_FORMATS.find((f) => f === opts.format);
    if (!format) throw new Error(`--format must be one of ${CRON_FORMATS.join(", ")}`);
    process.stdout.write(exportCron(PIPELINES, format, opts.url) + "\n");
  });

program.parseAsync().catch((err: Error) => {
  process.stderr.write(`error: ${err.message}\n`);
  process.exit(1);
});
