import { inArray } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { entities } from "@/src/modules/entities/schema";
import { ENTITY_TYPES } from "@/src/modules/entities/types";
import { opportunities } from "@/src/modules/opportunities/schema";
import { memberProfiles } from "@/src/modules/members/schema";
import { cleanSkills } from "@/src/modules/members/skills";
import { user } from "../auth/schema";
import type { Db } from "../db/client";
import { occupations } from "./esco";
import { categoriesForIscoGroup } from "./isco-categories";

const FIRST = ["Olena", "Andriy", "Iryna", "Taras", "Sofia", "Mykola", "Kateryna", "Dmytro", "Natalia", "Oleksandr", "Yulia", "Serhiy", "Anna", "Viktor", "Oksana", "Roman", "Halyna", "Maksym", "Emma", "Liam", "Noah", "Mia", "Lukas", "Marta"];
const LAST = ["Kovalenko", "Shevchenko", "Bondarenko", "Melnyk", "Tkachenko", "Kravchenko", "Oliynyk", "Lysenko", "Savchenko", "Marchenko", "Rudenko", "Moroz", "Smith", "Novak", "Schmidt", "Kowalski", "Dubois", "Rossi"];
const CITIES = ["Kyiv", "Lviv", "Kharkiv", "Odesa", "Dnipro", "Warsaw", "Berlin", "Vilnius", "Prague", "Remote"];
const LANGUAGES = [["uk", "en"], ["uk"], ["en"], ["uk", "en", "pl"], ["en", "de"]];

/** A small deterministic PRNG (mulberry32) so bulk data is the same on every run. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Creates `count` members with ESCO-based profiles, in batches; accounts have no password. */
export async function seedBulkMembers(db: Db, count: number, progress?: (done: number) => void, seed = 20261126): Promise<number> {
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
  const occ = occupations();
  const batch = 1000;
  const runTag = randomUUID().slice(0, 8);
  for (let offset = 0; offset < count; offset += batch) {
    const size = Math.min(batch, count - offset);
    const users: (typeof user.$inferInsert)[] = [];
    const profiles: (typeof memberProfiles.$inferInsert)[] = [];
    for (let i = 0; i < size; i++) {
      const n = offset + i;
      const o = pick(occ);
      const labels = o.altLabels.length ? o.altLabels : [o.title];
      const headline = pick(labels);
      const skills = cleanSkills(labels.filter((l) => l !== headline).slice(0, 2 + Math.floor(rand() * 4)));
      const id = randomUUID();
      users.push({ id, name: `${pick(FIRST)} ${pick(LAST)}`, email: `member-${runTag}-${n}@bulk.ringlet.dev`, role: "member", emailVerified: true });
      profiles.push({
        userId: id,
        headline,
        bio: o.description,
        skills: skills.display,
        skillsNormalized: skills.normalized,
        categories: categoriesForIscoGroup(o.iscoGroup),
        location: pick(CITIES),
        remote: rand() < 0.5,
        languages: pick(LANGUAGES),
      });
    }
    await db.transaction(async (tx) => {
      await tx.insert(user).values(users);
      await tx.insert(memberProfiles).values(profiles);
    });
    progress?.(offset + size);
  }
  return count;
}

const TITLE_PATTERNS = [
  (t: string) => `Looking for a ${t}`,
  (t: string) => `${t.charAt(0).toUpperCase()}${t.slice(1)} wanted`,
  (t: string) => `Шукаємо фахівця: ${t}`,
  (t: string) => `Offer: experienced ${t} available`,
];
const BULK_TYPES = ["request", "offer", "job", "partnership", "mentorship", "event", "tender", "cv"] as const;
const BULK_VISIBILITY = ["public", "public", "public", "public", "public", "public", "subscriber", "member", "member", "confidential"] as const;

async function bulkAuthors(db: Db, needed: number): Promise<string[]> {
  const rows = await db.select({ id: user.id }).from(user).where(inArray(user.role, ["member", "confidential", "admin"])).limit(5000);
  if (rows.length > 0) return rows.map((r) => r.id);
  await seedBulkMembers(db, Math.min(1000, Math.max(10, needed)));
  return bulkAuthors(db, needed);
}

/** Creates `count` organisations owned by existing members (members are created first if there are none). */
export async function seedBulkEntities(db: Db, count: number, progress?: (done: number) => void, seed = 7): Promise<number> {
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
  const owners = await bulkAuthors(db, count);
  const occ = occupations();
  for (let offset = 0; offset < count; offset += 1000) {
    const size = Math.min(1000, count - offset);
    const rows: (typeof entities.$inferInsert)[] = [];
    for (let i = 0; i < size; i++) {
      const o = pick(occ);
      rows.push({
        ownerId: pick(owners),
        name: `${pick(LAST)} ${o.title.split(" ").slice(-1)[0]} ${pick(["Studio", "Group", "Collective", "Lab", "Agency", "Foundation"])}`,
        type: pick(ENTITY_TYPES),
        shortDescription: o.title,
        description: o.description,
        tags: o.altLabels.slice(0, 3),
        location: pick(CITIES),
        visibility: pick(BULK_VISIBILITY),
        verified: rand() < 0.2,
        createdAt: new Date(Date.now() - Math.floor(rand() * 365 * 86400_000)),
      });
    }
    await db.insert(entities).values(rows);
    progress?.(offset + size);
  }
  return count;
}

/** Creates `count` active listings with ESCO-based text, spread over the last 90 days, for benchmarks. */
export async function seedBulkOpportunities(db: Db, count: number, progress?: (done: number) => void, seed = 11): Promise<number> {
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
  const authors = await bulkAuthors(db, count);
  const occ = occupations();
  const now = Date.now();
  for (let offset = 0; offset < count; offset += 1000) {
    const size = Math.min(1000, count - offset);
    const rows: (typeof opportunities.$inferInsert)[] = [];
    for (let i = 0; i < size; i++) {
      const o = pick(occ);
      const skills = cleanSkills(o.altLabels.slice(0, 1 + Math.floor(rand() * 4)));
      const publishedAt = new Date(now - Math.floor(rand() * 90 * 86400_000));
      const budget = rand() < 0.5 ? { budgetMin: 100 * (1 + Math.floor(rand() * 20)), budgetCurrency: pick(["USD", "EUR", "UAH"]) } : {};
      rows.push({
        authorId: pick(authors),
        title: pick(TITLE_PATTERNS)(o.title),
        description: o.description,
        type: pick(BULK_TYPES),
        category: categoriesForIscoGroup(o.iscoGroup)[0],
        skills: skills.display,
        skillsNormalized: skills.normalized,
        location: pick(CITIES),
        remote: rand() < 0.4,
        ...("budgetMin" in budget ? { budgetMin: budget.budgetMin, budgetMax: budget.budgetMin! * 2, budgetCurrency: budget.budgetCurrency } : {}),
        expiresAt: rand() < 0.5 ? new Date(now + Math.floor(rand() * 120 * 86400_000)) : null,
        visibility: pick(BULK_VISIBILITY),
        status: "active",
        createdAt: publishedAt,
        updatedAt: publishedAt,
        publishedAt,
      });
    }
    await db.insert(opportunities).values(rows);
    progress?.(offset + size);
  }
  return count;
}
