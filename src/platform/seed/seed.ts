import { eq, sql } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { audit } from "@/src/modules/audit/service";
import { memberProfiles } from "@/src/modules/members/schema";
import { cleanSkills } from "@/src/modules/members/skills";
import { auth } from "../auth/auth";
import { user } from "../auth/schema";
import { adminEmails, type Env } from "../config/env";
import type { Db } from "../db/client";
import { appState } from "../settings/schema";
import { createEntity } from "@/src/modules/entities/service";
import { createOpportunity, decideOpportunity } from "@/src/modules/opportunities/service";
import type { Role } from "../auth/roles";
import { logger } from "../log/logger";
import { DEMO_ENTITIES, DEMO_OPPORTUNITIES } from "./demo-marketplace";
import { DEMO_MEMBERS } from "./demo-members";
import { occupationById } from "./esco";

export interface FirstStartCredentials {
  email: string;
  password: string;
  demoPassword: string | null;
  file: string;
}

const generatePassword = () => randomBytes(12).toString("base64url");

async function stateFlag(db: Db, key: string): Promise<boolean> {
  const [row] = await db.select().from(appState).where(eq(appState.key, key));
  return Boolean(row);
}

async function setStateFlag(db: Db, key: string, value: unknown): Promise<void> {
  await db.insert(appState).values({ key, value }).onConflictDoUpdate({ target: appState.key, set: { value, updatedAt: new Date() } });
}

/** An account made verified by the ring itself (no verification mail is sent). */
async function createAccount(db: Db, email: string, name: string, password: string, role: string): Promise<string> {
  const created = await auth({ requireEmailVerification: false }).api.signUpEmail({ body: { email, password, name } });
  await db.update(user).set({ role, emailVerified: true }).where(eq(user.id, created.user.id));
  return created.user.id;
}

export const credentialsFile = (e: Env) => path.join(path.resolve(e.DATA_DIR), "admin-credentials.txt");

/** Adds lines to the credentials file, readable by the owner only. */
function recordCredentials(e: Env, lines: string[]): string {
  const file = credentialsFile(e);
  mkdirSync(path.dirname(file), { recursive: true });
  if (existsSync(file)) appendFileSync(file, "\n" + lines.join("\n") + "\n", { mode: 0o600 });
  else writeFileSync(file, lines.join("\n") + "\n", { mode: 0o600 });
  return file;
}

/** First start only: creates the admin (and the demo ring), prints nothing itself; returns what to print once. */
export async function firstStart(db: Db, e: Env): Promise<FirstStartCredentials | null> {
  if (await stateFlag(db, "initialized")) return null;
  const [{ admins }] = await db.select({ admins: sql<number>`count(*)::int` }).from(user).where(eq(user.role, "admin"));
  let credentials: FirstStartCredentials | null = null;
  if (admins === 0) {
    const email = adminEmails(e)[0] ?? "admin@ringlet.local";
    const password = generatePassword();
    const demoPassword = e.SEED_DEMO ? generatePassword() : null;
    const adminId = await createAccount(db, email, "Ring Admin", password, "admin");
    await audit(db, { actorId: null, action: "user.role_changed", targetType: "user", targetId: adminId, data: { from: "subscriber", to: "admin", email, via: "first-start" } });
    if (demoPassword) {
      await seedDemoMembers(db, demoPassword);
      await seedDemoMarketplace(db, adminId);
    }
    const lines = [`Ringlet admin`, `email: ${email}`, `password: ${password}`];
    if (demoPassword) lines.push(`demo members (e.g. ${DEMO_MEMBERS[0].email}) password: ${demoPassword}`);
    writeFileSync(credentialsFile(e), lines.join("\n") + "\n", { mode: 0o600 });
    credentials = { email, password, demoPassword, file: credentialsFile(e) };
  }
  await setStateFlag(db, "initialized", { at: new Date().toISOString() });
  return credentials;
}

export interface AdminEmailsOutcome {
  /** Accounts created (verified, admin, password in the credentials file). */
  created: string[];
  promoted: string[];
  /** Existing accounts left as they are until their owner verifies the address. */
  unverified: string[];
}

/**
 * ADMIN_EMAILS at start, audited. A missing account is created as a verified admin with a generated
 * password written to the credentials file; an existing one becomes admin only once its address is
 * verified, so signing up first with an admin's address gains nothing.
 */
export async function ensureAdminEmails(db: Db, e: Env): Promise<AdminEmailsOutcome> {
  const outcome: AdminEmailsOutcome = { created: [], promoted: [], unverified: [] };
  for (const email of adminEmails(e)) {
    const [row] = await db.select().from(user).where(eq(user.email, email));
    if (!row) {
      const password = generatePassword();
      const id = await createAccount(db, email, "Ring Admin", password, "admin");
      recordCredentials(e, [`Ringlet admin (ADMIN_EMAILS)`, `email: ${email}`, `password: ${password}`]);
      await audit(db, { actorId: null, action: "user.role_changed", targetType: "user", targetId: id, data: { from: "subscriber", to: "admin", email, via: "ADMIN_EMAILS" } });
      outcome.created.push(email);
    } else if (row.role === "admin") continue;
    else if (!row.emailVerified) outcome.unverified.push(email);
    else {
      await db.update(user).set({ role: "admin" }).where(eq(user.id, row.id));
      await audit(db, { actorId: null, action: "user.role_changed", targetType: "user", targetId: row.id, data: { from: row.role, to: "admin", email, via: "ADMIN_EMAILS" } });
      outcome.promoted.push(email);
    }
  }
  return outcome;
}

/** About twenty members with bilingual profiles built from ESCO occupations. */
export async function seedDemoMembers(db: Db, password: string): Promise<void> {
  for (const m of DEMO_MEMBERS) {
    const occupation = occupationById(m.escoId);
    const id = await createAccount(db, m.email, m.name, password, m.role ?? "subscriber");
    const skills = cleanSkills([...m.skills, ...occupation.altLabels.slice(0, 2)]);
    await db.insert(memberProfiles).values({
      userId: id,
      headline: `${capitalize(occupation.title)} · ${m.headlineUk}`,
      bio: `${occupation.description}\n\n${m.bioUk}`,
      skills: skills.display,
      skillsNormalized: skills.normalized,
      categories: m.categories,
      location: m.location,
      remote: m.remote,
      languages: m.languages,
    });
  }
}

/** A few organisations and listings, created through the services so every rule, event and timeline applies. */
export async function seedDemoMarketplace(db: Db, adminId: string): Promise<void> {
  const accounts = await db.select().from(user);
  const byEmail = new Map(accounts.map((u) => [u.email, u]));
  const ctxOf = (email: string) => {
    const u = byEmail.get(email);
    if (!u) throw new Error(`demo account ${email} missing`);
    return { actor: { kind: "user" as const, userId: u.id, role: u.role as Role, email: u.email, name: u.name }, db, log: logger(), now: () => new Date() };
  };
  const admin = accounts.find((u) => u.id === adminId)!;
  const adminCtx = ctxOf(admin.email);
  const entityIds = new Map<string, string>();
  for (const e of DEMO_ENTITIES) {
    const { key, owner, ...fields } = e;
    entityIds.set(key, (await createEntity(ctxOf(owner), fields)).id);
  }
  for (const o of DEMO_OPPORTUNITIES) {
    const { author, entity, ...fields } = o;
    const created = await createOpportunity(ctxOf(author), { ...fields, entityId: entity ? entityIds.get(entity) : undefined });
    await decideOpportunity(adminCtx, { id: created.id, decision: "approve", note: "Demo listing" });
  }
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
