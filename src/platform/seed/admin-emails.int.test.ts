import { eq } from "drizzle-orm";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/tests/support/factories";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { user } from "../auth/schema";
import { env, type Env } from "../config/env";
import { ensureAdminEmails } from "./seed";

let t: TestDb;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "ringlet-admin-emails-"));
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

const roleOf = async (email: string) => (await t.db.select().from(user).where(eq(user.email, email)))[0];

describe(`ADMIN_EMAILS at start (${process.env.RINGLET_TEST_DB})`, () => {
  it("creates a missing admin verified, promotes a verified account, and leaves an unverified one (who signed up first) alone", async () => {
    await createUser(t.db, "subscriber", { email: "squatter@admins.test", emailVerified: false });
    await createUser(t.db, "member", { email: "known@admins.test", emailVerified: true });
    const e: Env = { ...env(), DATA_DIR: dataDir, ADMIN_EMAILS: "squatter@admins.test, known@admins.test, fresh@admins.test" };

    const outcome = await ensureAdminEmails(t.db, e);
    expect(outcome).toEqual({ created: ["fresh@admins.test"], promoted: ["known@admins.test"], unverified: ["squatter@admins.test"] });
    expect(await roleOf("squatter@admins.test")).toMatchObject({ role: "subscriber" });
    expect(await roleOf("known@admins.test")).toMatchObject({ role: "admin" });
    expect(await roleOf("fresh@admins.test")).toMatchObject({ role: "admin", emailVerified: true });
    expect(readFileSync(path.join(dataDir, "admin-credentials.txt"), "utf8")).toMatch(/email: fresh@admins\.test\npassword: \S{12,}/);

    expect(await ensureAdminEmails(t.db, e)).toEqual({ created: [], promoted: [], unverified: ["squatter@admins.test"] });
  });
});
