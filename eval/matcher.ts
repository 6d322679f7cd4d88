/**
 * `npm run eval:matcher`: the ESCO evaluation of data/esco/README.md. Listings are occupations (title +
 * description); members are profiles built only from other alt labels of an occupation; relevance is
 * ESCO's own grouping (3 same occupation, 2 same ISCO unit group, 1 same minor group). Prints nDCG@10,
 * precision@10 and recall@50 (relevant = grade >= 2) for the local matcher, standard and hard tiers,
 * and, when LLM_PROVIDER and its key are set in the environment, for the local matcher followed by the
 * LLM rerank of the top MATCHER_RERANK_TOP_K (default 20), blended exactly as in production.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { llmModel, type LlmChoice, type LlmProvider } from "../src/modules/matcher/llm/model";
import { blendScore, rerankWithLlm } from "../src/modules/matcher/llm/rerank";
import { scoreCandidates, type CandidateProfile, type ListingForMatch } from "../src/modules/matcher/score";
import { env } from "../src/platform/config/env";
import { LLM_API_KEY_SETTING } from "../src/platform/settings/definitions";
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

type Ranked = { userId: string; score: number }[];

/** Reorders the top K of a local ranking by the blended score, the way the rerank worker does. */
async function rerankTop(choice: LlmChoice, topK: number, listing: ListingForMatch, ranked: Ranked, profiles: Map<string, CandidateProfile>): Promise<Ranked> {
  const top = ranked.slice(0, topK);
  const result = await rerankWithLlm(
    choice,
    { ...listing, type: "request" },
    top.map((r) => ({ ...profiles.get(r.userId)!, localScore: r.score })),
    env().LLM_TIMEOUT_MS,
  );
  const blended = top.map((r) => ({ userId: r.userId, score: result.judgements.has(r.userId) ? blendScore(r.score, result.judgements.get(r.userId)!.score) : r.score }));
  return [...blended.sort((a, b) => b.score - a.score), ...ranked.slice(topK)];
}

async function run(tier: "standard" | "hard", llm: { choice: LlmChoice; topK: number } | null = null) {
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
    const local = scoreCandidates(listing, members.map((m) => m.profile), now);
    const ranked = llm ? await rerankTop(llm.choice, llm.topK, listing, local, new Map(members.map((m) => [m.profile.userId, m.profile]))) : local;
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
  return { tier: llm ? `${tier} + ${llm.choice.modelId}` : tier, listings: listingOccupations.length, members: members.length, ndcg10: ndcg / LISTINGS, precision10: precision / LISTINGS, recall50: recall / LISTINGS, msPerListing: ms };
}

function configuredLlm(): { choice: LlmChoice; topK: number } | null {
  const provider = process.env.LLM_PROVIDER as LlmProvider | undefined;
  const keyName = provider && provider in LLM_API_KEY_SETTING ? LLM_API_KEY_SETTING[provider] : undefined;
  const key = keyName ? process.env[keyName] : undefined;
  return provider && key ? { choice: llmModel(provider, key, env()), topK: Number(process.env.MATCHER_RERANK_TOP_K ?? 20) } : null;
}

async function main() {
  const llm = configuredLlm();
  const results = [await run("standard"), await run("hard")];
  if (llm) results.push(await run("standard", llm), await run("hard", llm));
  console.table(results.map((r) => ({ tier: r.tier, listings: r.listings, members: r.members, "nDCG@10": r.ndcg10.toFixed(3), "P@10": r.precision10.toFixed(3), "R@50": r.recall50.toFixed(3), "ms/listing": r.msPerListing.toFixed(1) })));
  if (!llm) console.log("LLM reranker: not configured (set LLM_PROVIDER and its key to evaluate one).");
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/eval-matcher.json", JSON.stringify({ at: new Date().toISOString(), seed: SEED, scorer: llm ? `local + ${llm.choice.modelId}` : "local", results }, null, 2));
}

void main();
