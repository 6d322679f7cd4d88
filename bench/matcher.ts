/**
 * `npm run bench:matcher`: 100k member profiles; for 50 listings, the time from a listing becoming
 * active to its notifications being written (first stage + scoring + matches + notifications, one
 * transaction), p50/p95, and peak memory, on PGlite and on the PostgreSQL server.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { runMatcher } from "../src/modules/matcher/service";
import { cleanSkills } from "../src/modules/members/skills";
import { opportunities } from "../src/modules/opportunities/schema";
import { user } from "../src/platform/auth/schema";
import { openDatabase } from "../src/platform/db/client";
import { migrateDatabase } from "../src/platform/db/migrate";
import { seedBulkMembers, prng } from "../src/platform/seed/bulk";
import { occupations } from "../src/platform/seed/esco";
import { categoriesForIscoGroup } from "../src/platform/seed/isco-categories";
import { benchDatabase, writeResults } from "./support";

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000);
const LISTINGS = Number(process.env.BENCH_LISTINGS ?? 50);
const kinds = (process.env.BENCH_DB ?? "pglite,postgres").split(",");
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function run(kind: string) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "ringlet-bench-matcher-"));
  const url = kind === "postgres" ? await benchDatabase("ringlet_bench_matcher") : undefined;
  const database = await openDatabase({ url, dataDir });
  await migrateDatabase(database);
  const seeded = Date.now();
  await seedBulkMembers(database.db, MEMBERS);
  await database.raw("analyze");
  const seedMs = Date.now() - seeded;
  const [author] = await database.db.insert(user).values({ id: crypto.randomUUID(), name: "Bench author", email: "author@bench.local", role: "member" }).returning();
  const rand = prng(99);
  const occ = occupations();
  const timings: number[] = [];
  const candidates: number[] = [];
  const notified: number[] = [];
  let peakRss = process.memoryUsage().rss;
  for (let i = 0; i < LISTINGS; i++) {
    const o = occ[Math.floor(rand() * occ.length)];
    const skills = cleanSkills(o.altLabels.slice(0, 3));
    const [listing] = await database.db
      .insert(opportunities)
      .values({ authorId: author.id, title: `Looking for a ${o.title}`, description: o.description, type: "job", category: categoriesForIscoGroup(o.iscoGroup)[0], skills: skills.display, skillsNormalized: skills.normalized, remote: true, status: "active", publishedAt: new Date() })
      .returning();
    const started = performance.now();
    const result = await database.db.transaction((tx) => runMatcher(tx, listing.id, "bench"));
    timings.push(performance.now() - started);
    candidates.push(result?.candidates ?? 0);
    notified.push(result?.notified ?? 0);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
  return {
    kind,
    members: MEMBERS,
    listings: LISTINGS,
    seedMs,
    p50Ms: Math.round(percentile(timings, 50)),
    p95Ms: Math.round(percentile(timings, 95)),
    maxMs: Math.round(Math.max(...timings)),
    avgCandidates: Math.round(candidates.reduce((a, b) => a + b, 0) / candidates.length),
    avgNotified: Math.round((notified.reduce((a, b) => a + b, 0) / notified.length) * 10) / 10,
    peakRssMb: Math.round(peakRss / 1024 / 1024),
  };
}

const results = [];
for (const kind of kinds) results.push(await run(kind));
console.table(results.map((r) => ({ db: r.kind, members: r.members, listings: r.listings, "p50 ms": r.p50Ms, "p95 ms": r.p95Ms, "max ms": r.maxMs, "candidates (avg)": r.avgCandidates, "notified (avg)": r.avgNotified, "peak RSS MB": r.peakRssMb })));
writeResults("matcher", { results });
