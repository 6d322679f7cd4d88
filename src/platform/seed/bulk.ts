import { randomUUID } from "node:crypto";
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
