import { Command, InvalidArgumentError } from "commander";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "@/src/platform/context";
import { logger } from "@/src/platform/log/logger";
import { findSetting } from "@/src/platform/settings/definitions";
import { CRON_FORMATS, exportCron } from "@/src/modules/processes/cron-export";
import { ROLES, type Role } from "@/src/platform/auth/roles";
import { user } from "@/src/platform/auth/schema";
import { openAppDatabase } from "@/src/platform/boot";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Database } from "@/src/platform/db/client";

// Each command loads the modules it needs when it runs: loading every module of the app for one
// command takes seconds (the AI SDK, Stripe, the mail libraries…), which scripts calling the CLI feel.
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
      const { seedBulkEntities, seedBulkMembers, seedBulkOpportunities } = await import("@/src/platform/seed/bulk");
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
      const { expireOpportunities } = await import("@/src/modules/opportunities/service");
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
      const { changeRole } = await import("@/src/modules/members/roles");
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
      const [{ startRun }, { PIPELINES }] = await Promise.all([import("@/src/modules/processes/conductor"), import("@/src/modules/processes/pipelines")]);
      const started = await startRun(d.db, PIPELINES, name, { trigger: "cli" });
      if (started.status === "skipped") throw new Error(`${name} is already running (run ${started.runId} recorded as skipped)`);
      const status = await started.done;
      print({ runId: started.runId, status }, `${name}: ${status} (run ${started.runId})`);
      if (status !== "succeeded") process.exitCode = 1;
    }),
  );

/** The admin the CLI acts as (audited): `--by` names one, otherwise the first admin account. */
async function cliAdmin(d: Database, byEmail?: string): Promise<Ctx> {
  const [admin] = await d.db
    .select()
    .from(user)
    .where(byEmail ? and(eq(user.email, byEmail.toLowerCase()), eq(user.role, "admin")) : eq(user.role, "admin"))
    .orderBy(user.createdAt)
    .limit(1);
  if (!admin) throw new Error(byEmail ? `${byEmail} is not an admin account` : "there is no admin account yet: start the app once (it creates one) or use users set-role");
  return { actor: { kind: "user", role: "admin", userId: admin.id, email: admin.email, name: admin.name }, db: d.db, log: logger(), now: () => new Date() };
}

async function userByEmail(d: Database, email: string) {
  const [row] = await d.db.select().from(user).where(eq(user.email, email.toLowerCase()));
  if (!row) throw new Error(`no account with email ${email}`);
  return row;
}

users
  .command("suspend <email>")
  .description("suspend an account: no sign-in, sessions ended, its organisations hidden and live listings withdrawn (audited)")
  .requiredOption("--note <note>", "why (kept with the moderation record)")
  .option("--by <adminEmail>", "the admin this is done as (default: the first admin)")
  .action((email: string, opts: { note: string; by?: string }) =>
    withDatabase(async (d) => {
      const ctx = await cliAdmin(d, opts.by);
      const target = await userByEmail(d, email);
      const { suspendAccount } = await import("@/src/modules/moderation/service");
      const done = await d.db.transaction((tx) => suspendAccount(tx, target.id, ctx.actor.userId!, opts.note, ctx.now()));
      print(done, `${done.email} is suspended; ${done.organisationsHidden} organisation(s) hidden.`);
    }),
  );

users
  .command("unsuspend <email>")
  .description("lift a suspension: sign-in allowed again, the listings it withdrew restored to their previous state; organisations it hid stay hidden (audited; idempotent)")
  .option("--note <note>", "why (kept in the audit log)")
  .option("--by <adminEmail>", "the admin this is done as (default: the first admin)")
  .action((email: string, opts: { note?: string; by?: string }) =>
    withDatabase(async (d) => {
      const ctx = await cliAdmin(d, opts.by);
      const target = await userByEmail(d, email);
      const { unsuspendAccount } = await import("@/src/modules/moderation/service");
      const done = await unsuspendAccount(ctx, { userId: target.id, note: opts.note });
      print(done, done.changed ? `${done.email} is no longer suspended; ${done.listingsRestored} listing(s) restored.` : `${done.email} was not suspended; nothing changed.`);
    }),
  );

users
  .command("verify <email>")
  .description("mark an account's email address verified, so it can sign in (audited)")
  .action((email: string) =>
    withDatabase(async (d) => {
      const target = await userByEmail(d, email);
      const { verifyEmailOf } = await import("@/src/modules/members/verify-email");
      const done = await d.db.transaction((tx) => verifyEmailOf(tx, target, { actorId: null, via: "cli" }));
      print(done, `${done.email} is verified.`);
    }),
  );

const settingsCommand = program.command("settings").description("read and change the ring's settings (environment variables win over stored values)");
settingsCommand
  .command("get [name]")
  .description("print every setting (or one) with its value and where it comes from; secrets only say whether they are set")
  .action((name: string | undefined) =>
    withDatabase(async (d) => {
      const { redactSettings, resolveSettings } = await import("@/src/platform/settings/resolve");
      const all = redactSettings(await resolveSettings(d.db));
      if (name && !(name in all)) throw new Error(`no setting named ${name}; see settings get`);
      const shown = name ? { [name]: all[name] } : all;
      print(shown, Object.entries(shown).map(([k, v]) => `${k.padEnd(42)} ${v.secret ? (v.set ? "(set)" : "(not set)") : JSON.stringify(v.value)}  [${v.source}]`).join("\n"));
    }),
  );
settingsCommand
  .command("set <name> <value>")
  .description("store a setting (checked like the admin page does); the value `default` removes the stored value")
  .option("--by <adminEmail>", "the admin this is done as (default: the first admin)")
  .action((name: string, value: string, opts: { by?: string }) =>
    withDatabase(async (d) => {
      const ctx = await cliAdmin(d, opts.by);
      const def = findSetting(name);
      if (!def) throw new Error(`no setting named ${name}; see settings get`);
      const parsed = value === "default" ? null : def.schema.safeParse(def.fromString(value));
      if (parsed && !parsed.success) throw new Error(`${name}: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
      const { patchAdminSettings } = await import("@/src/platform/settings/service");
      const now = (await patchAdminSettings(ctx, { [name]: parsed ? parsed.data : null })).settings[name];
      print({ [name]: now }, `${name} = ${now.secret ? (now.set ? "(set)" : "(not set)") : JSON.stringify(now.value)} [${now.source}]`);
    }),
  );

program
  .command("export <file>")
  .description("write the ring's shareable content (organisations, listings, published articles) as one JSON file; no accounts or payments")
  .action((file: string) =>
    withDatabase(async (d) => {
      const { exportRing } = await import("@/src/platform/seed/ring-transfer");
      const counts = await exportRing(d.db, file);
      print({ file, ...counts }, `Exported ${counts.entities} organisations, ${counts.opportunities} listings and ${counts.articles} articles to ${file}.`);
    }),
  );

program
  .command("import <file>")
  .description("load a ring export under one account: listings arrive pending review, articles in review; importing twice creates nothing twice")
  .requiredOption("--owner <email>", "the account that will own what is imported")
  .action((file: string, opts: { owner: string }) =>
    withDatabase(async (d) => {
      const { importRing, readRingExport } = await import("@/src/platform/seed/ring-transfer");
      const counts = await importRing(d.db, await readRingExport(file), opts.owner);
      print(counts, `Imported ${counts.entities} organisations, ${counts.opportunities} listings and ${counts.articles} articles (${counts.skipped} already here).`);
    }),
  );

program
  .command("matcher")
  .description("the matcher")
  .command("explain <opportunityId> <email>")
  .description("why a member matched a listing: the score's breakdown and the model's reason")
  .action((opportunityId: string, email: string) =>
    withDatabase(async (d) => {
      const ctx = await cliAdmin(d);
      const member = await userByEmail(d, email);
      const { explainMatch } = await import("@/src/modules/matcher/service");
      const why = await explainMatch(ctx, opportunityId, member.id);
      print(why, [`score ${why.score}`, why.explanation, why.llm ? `model: ${why.llm.score} (confidence ${why.llm.confidence}) ${why.llm.reason ?? ""}` : "model: not asked"].filter(Boolean).join("\n"));
    }),
  );

program
  .command("credits")
  .description("internal credits")
  .command("grant <email> <amount>")
  .description("grant (or, negative, revoke) credits with a reason; audited; a balance never goes below zero")
  .requiredOption("--reason <reason>", "why (shown in the ledger)")
  .option("--by <adminEmail>", "the admin this is done as (default: the first admin)")
  .action((email: string, amount: string, opts: { reason: string; by?: string }) =>
    withDatabase(async (d) => {
      const n = Number(amount);
      if (!Number.isInteger(n) || n === 0) throw new InvalidArgumentError("amount must be a whole number other than 0");
      const ctx = await cliAdmin(d, opts.by);
      const member = await userByEmail(d, email);
      const { grantCredits } = await import("@/src/modules/payments/service");
      const result = await grantCredits(ctx, { userId: member.id, amount: n, reason: opts.reason });
      print({ email: member.email, ...result }, `${member.email} now has ${result.balance} credits.`);
    }),
  );

const summary = (counts: Record<string, number>) => `${Object.keys(counts).length} tables, ${Object.values(counts).reduce((a, b) => a + b, 0)} rows`;

program
  .command("backup <file>")
  .description("write every table to a gzip'd JSON-lines file (a consistent snapshot; restores into PGlite or PostgreSQL). Uploaded files live in DATA_DIR/files or the S3 bucket: copy them too")
  .action((file: string) =>
    withDatabase(async (d) => {
      const { writeBackup } = await import("@/src/platform/db/backup");
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
      const { restoreBackup } = await import("@/src/platform/db/backup");
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
      const [{ restoreBackup, tableChecksums, writeBackup }, { migrateDatabase }] = await Promise.all([import("@/src/platform/db/backup"), import("@/src/platform/db/migrate")]);
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
  .action(async (opts: { format: string; url: string }) => {
    const { PIPELINES } = await import("@/src/modules/processes/pipelines");
    const format = CRON_FORMATS.find((f) => f === opts.format);
    if (!format) throw new Error(`--format must be one of ${CRON_FORMATS.join(", ")}`);
    process.stdout.write(exportCron(PIPELINES, format, opts.url) + "\n");
  });

program.parseAsync().catch((err: Error) => {
  process.stderr.write(`error: ${err.message}\n`);
  process.exit(1);
});
