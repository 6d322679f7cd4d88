/**
 * `npm run eval:matcher`: the ESCO evaluation of data/esco/README.md. Listings are occupations (title +
 * description); members are profiles built only from other alt labels of an occupation; relevance is
 * ESCO's own grouping (3 same occupation, 2 same ISCO unit group, 1 same minor group). Prints nDCG@10,
 * precision@10 and recall@50 (relevant = grade >= 2) for the local matcher, standard and hard tiers.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { scoreCandidates, type CandidateProfile, type ListingForMatch } from "../src/modules/matcher/score";
import { terms } from "../src/modules/matcher/text";
import { prng } from "../src/platform/seed/bulk";
import { occupations, type Occupation } from "../src/platform/seed/esco";

const SEED = 20261126;
const LISTINGS = 30;
const OCCUPATIONS = 90;
const MEMBERS_PER_OCCUPATION = 3;

function shuffle<T>(list: T[], rand: () => number): T[] {
  const a = [...list];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function grade(a: Occupation, b: Occupation): number {
  if (a.id === b.id) return 3;
  if (a.iscoGroup === b.iscoGroup) return 2;
  if (a.iscoGroup.slice(0, 3) === b.iscoGroup.slice(0, 3)) return 1;
  return 0;
}

/** Alt labels usable for a tier: hard keeps only labels sharing no (stemmed) word with the title. */
function labelsFor(o: Occupation, hard: boolean): string[] {
  if (!hard) return o.altLabels;
  const titleWords = new Set(terms(o.title));
  return o.altLabels.filter((l) => terms(l).every((w) => !titleWords.has(w)));
}

function run(tier: "standard" | "hard") {
  const hard = tier === "hard";
  const rand = prng(SEED);
  const eligible = occupations().filter((o) => labelsFor(o, hard).length >= (hard ? 2 : 4));
  const chosen = shuffle(eligible, rand).slice(0, OCCUPATIONS);
  const listingOccupations = chosen.slice(0, LISTINGS);
  const members: { profile: CandidateProfile; occupation: Occupation }[] = [];
  const now = new Date();
  for (const o of chosen) {
    const labels = labelsFor(o, hard);
    for (let m = 0; m < MEMBERS_PER_OCCUPATION; m++) {
      const order = shuffle(labels, rand);
      members.push({
        occupation: o,
        profile: { userId: `${o.id}#${m}`, headline: order[0], bio: null, skills: order.slice(1, 4), categories: [], location: null, remote: true, languages: ["en"], updatedAt: now },
      });
    }
  }
  let ndcg = 0;
  let precision = 0;
  let recall = 0;
  const started = performance.now();
  for (const o of listingOccupations) {
    const listing: ListingForMatch = { title: o.title, description: o.description, category: "other", skills: [], location: null, remote: true };
    const ranked = scoreCandidates(listing, members.map((m) => m.profile), now);
    const gradeOf = new Map(members.map((m) => [m.profile.userId, grade(o, m.occupation)]));
    const gains = ranked.map((r) => gradeOf.get(r.userId)!);
    const dcg = (g: number[]) => g.slice(0, 10).reduce((s, x, i) => s + (2 ** x - 1) / Math.log2(i + 2), 0);
    const ideal = [...gains].sort((a, b) => b - a);
    ndcg += dcg(gains) / dcg(ideal);
    const relevantTotal = gains.filter((g) => g >= 2).length;
    precision += gains.slice(0, 10).filter((g) => g >= 2).length / 10;
    recall += gains.slice(0, 50).filter((g) => g >= 2).length / relevantTotal;
  }
  const ms = (performance.now() - started) / listingOccupations.length;
  return { tier, listings: listingOccupations.length, members: members.length, ndcg10: ndcg / LISTINGS, precision10: precision / LISTINGS, recall50: recall / LISTINGS, msPerListing: ms };
}

const results = [run("standard"), run("hard")];
console.table(results.map((r) => ({ tier: r.tier, listings: r.listings, members: r.members, "nDCG@10": r.ndcg10.toFixed(3), "P@10": r.precision10.toFixed(3), "R@50": r.recall50.toFixed(3), "ms/listing": r.msPerListing.toFixed(1) })));
console.log("LLM reranker: not configured (set LLM_PROVIDER and its key to evaluate one).");
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/eval-matcher.json", JSON.stringify({ at: new Date().toISOString(), seed: SEED, scorer: "local", results }, null, 2));
