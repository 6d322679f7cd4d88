import { Command } from "commander";
import { eq } from "drizzle-orm";
import { changeRole } from "@/src/modules/members/roles";
import { seedBulkMembers } from "@/src/platform/seed/bulk";
import { ROLES, type Role } from "@/src/platform/auth/roles";
import { user } from "@/src/platform/auth/schema";
import { openAppDatabase } from "@/src/platform/boot";
import type { Database } from "@/src/platform/db/client";

const program = new Command()
  .name("ringlet")
  .description("Ringlet command line. With the embedded database, stop the server first (it holds the data directory).")
  .option("--json", "print machine-readable JSON");

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
  .requiredOption("--members <n>", "number of member profiles to create", (v) => Number.parseInt(v, 10))
  .action((opts: { members: number }) =>
    withDatabase(async (d) => {
      if (!Number.isInteger(opts.members) || opts.members < 1) throw new Error("--members must be a positive integer");
      const started = Date.now();
      const created = await seedBulkMembers(d.db, opts.members, (done) => process.stderr.write(`\r  members: ${done}/${opts.members}`));
      process.stderr.write("\n");
      print({ members: created, ms: Date.now() - started }, `Created ${created} members in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
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

program.parseAsync().catch((err: Error) => {
  process.stderr.write(`error: ${err.message}\n`);
  process.exit(1);
});
