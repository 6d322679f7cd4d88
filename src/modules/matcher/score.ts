import type { Profile } from "@/src/modules/members/service";
import type { Breakdown } from "./schema";
import { canonicalSkill, isCyrillic, terms } from "./text";

export interface ListingForMatch {
  title: string;
  description: string;
  category: string;
  skills: string[];
  location: string | null;
  remote: boolean;
}

/** A member profile as the scorer sees it: the profile fields plus who and how recently updated. */
export type CandidateProfile = Omit<Profile, "updatedAt" | "notifyOnMatch"> & { userId: string; updatedAt: Date };

export interface ScoredMatch {
  userId: string;
  score: number;
  breakdown: Breakdown;
  explanation: string;
}

/** How much each signal counts, out of 100. Text carries most: it works even when a listing has no skills. */
export const WEIGHTS: Breakdown = { text: 40, skills: 25, category: 15, location: 8, language: 7, activity: 5 };

type Vector = Map<string, number>;

function addTerms(vector: Vector, words: string[], weight: number) {
  for (const w of words) vector.set(w, (vector.get(w) ?? 0) + weight);
}

function listingVector(l: ListingForMatch): Vector {
  const v: Vector = new Map();
  addTerms(v, terms(l.title), 3);
  addTerms(v, l.skills.flatMap((s) => terms(canonicalSkill(s))), 2);
  addTerms(v, terms(l.description), 1);
  return v;
}

function profileVector(p: CandidateProfile): Vector {
  const v: Vector = new Map();
  addTerms(v, terms(p.headline), 3);
  addTerms(v, p.skills.flatMap((s) => terms(canonicalSkill(s))), 2);
  addTerms(v, terms(p.bio), 1);
  return v;
}

function cosine(a: Vector, b: Vector, idf: (t: string) => number): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [t, w] of a) {
    const x = Math.log(1 + w) * idf(t);
    na += x * x;
    const bw = b.get(t);
    if (bw) dot += x * Math.log(1 + bw) * idf(t);
  }
  for (const [t, w] of b) {
    const y = Math.log(1 + w) * idf(t);
    nb += y * y;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

interface ListingSkills {
  canonical: string[];
  stems: string[][];
}

function listingSkills(listing: ListingForMatch): ListingSkills {
  const canonical = listing.skills.map(canonicalSkill);
  return { canonical, stems: canonical.map((c) => terms(c)) };
}

function skillOverlap(listing: ListingForMatch, wanted: ListingSkills, profile: CandidateProfile, listingTerms: Vector) {
  const canonical = profile.skills.map(canonicalSkill);
  const have = new Set(canonical);
  const stemsPerSkill = canonical.map((c) => terms(c));
  const haveStems = new Set(stemsPerSkill.flat());
  if (listing.skills.length > 0) {
    const matched = listing.skills.filter((_, i) => have.has(wanted.canonical[i]) || (wanted.stems[i].length > 0 && wanted.stems[i].every((t) => haveStems.has(t))));
    return { value: matched.length / listing.skills.length, matched, of: listing.skills.length };
  }
  // No skills on the listing: the member's skills named in its text count instead.
  const matched = profile.skills.filter((_, i) => stemsPerSkill[i].length > 0 && stemsPerSkill[i].every((t) => listingTerms.has(t)));
  return { value: Math.min(1, matched.length / 3), matched, of: 0 };
}

function locationScore(l: ListingForMatch, p: CandidateProfile) {
  if (l.remote && p.remote) return { value: 1, note: "remote OK" };
  if (l.location && p.location && l.location.trim().toLocaleLowerCase() === p.location.trim().toLocaleLowerCase()) return { value: 1, note: `in ${p.location}` };
  if (l.remote || !l.location) return { value: 0.6, note: null };
  return { value: 0, note: null };
}

function languageScore(l: ListingForMatch, p: CandidateProfile) {
  const wanted = isCyrillic(`${l.title} ${l.description}`) ? "uk" : "en";
  if (p.languages.length === 0) return { value: 0.5, note: null };
  return p.languages.includes(wanted) ? { value: 1, note: `speaks ${wanted}` } : { value: 0, note: null };
}

function activityScore(p: CandidateProfile, now: Date) {
  const days = (now.getTime() - p.updatedAt.getTime()) / 86_400_000;
  return days <= 30 ? 1 : days <= 180 ? 0.6 : 0.3;
}

/** Scores candidates 0..100 with a breakdown and a readable explanation, best first. */
export function scoreCandidates(listing: ListingForMatch, candidates: CandidateProfile[], now: Date = new Date()): ScoredMatch[] {
  const lv = listingVector(listing);
  const wanted = listingSkills(listing);
  const vectors = candidates.map(profileVector);
  const df = new Map<string, number>();
  for (const v of vectors) for (const t of v.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = candidates.length + 1;
  const idf = (t: string) => Math.log(1 + n / (1 + (df.get(t) ?? 0)));
  const scored = candidates.map((p, i) => {
    const text = cosine(lv, vectors[i], idf);
    const skills = skillOverlap(listing, wanted, p, lv);
    const category = p.categories.includes(listing.category) ? 1 : 0;
    const location = locationScore(listing, p);
    const language = languageScore(listing, p);
    const activity = activityScore(p, now);
    const breakdown: Breakdown = {
      text: round(Math.min(1, text * 1.6)),
      skills: round(skills.value),
      category,
      location: location.value,
      language: language.value,
      activity,
    };
    const score = Math.round((Object.keys(WEIGHTS) as (keyof Breakdown)[]).reduce((sum, k) => sum + WEIGHTS[k] * breakdown[k], 0));
    const parts: string[] = [];
    if (skills.matched.length) parts.push(skills.of ? `${skills.matched.length} of ${skills.of} skills: ${skills.matched.join(", ")}` : `skills named in the listing: ${skills.matched.join(", ")}`);
    if (category) parts.push(`interested in ${listing.category.replace(/_/g, " ")}`);
    if (breakdown.text >= 0.3) parts.push("profile text close to the listing");
    if (location.note) parts.push(location.note);
    if (language.note) parts.push(language.note);
    return { userId: p.userId, score: Math.min(100, score), breakdown, explanation: parts.join("; ") || "weak overall similarity" };
  });
  return scored.sort((a, b) => b.score - a.score || (a.userId < b.userId ? -1 : 1));
}

const round = (x: number) => Math.round(x * 1000) / 1000;
