import { describe, expect, it } from "vitest";
import { scoreCandidates, type CandidateProfile, type ListingForMatch } from "./score";

const now = new Date("2026-11-26T12:00:00Z");
const listing: ListingForMatch = {
  title: "React developer for a booking site",
  description: "Build a booking page in React and Node.js with PostgreSQL",
  category: "technology",
  skills: ["React", "Node.js", "PostgreSQL", "Docker", "GraphQL"],
  location: null,
  remote: true,
};
const profile = (over: Partial<CandidateProfile>): CandidateProfile => ({
  userId: "u",
  headline: null,
  bio: null,
  skills: [],
  categories: [],
  location: null,
  remote: false,
  languages: [],
  updatedAt: now,
  ...over,
});

describe("scoreCandidates", () => {
  it("explains which skills matched, counting synonyms, and that remote is fine", () => {
    const [m] = scoreCandidates(listing, [profile({ userId: "a", skills: ["react", "nodejs", "postgres", "docker"], remote: true, categories: ["technology"] })], now);
    expect(m.explanation).toContain("4 of 5 skills: React, Node.js, PostgreSQL, Docker");
    expect(m.explanation).toContain("remote OK");
    expect(m.breakdown.skills).toBe(0.8);
    expect(m.breakdown.category).toBe(1);
  });

  it("ranks the developer above the accountant, with scores in 0..100", () => {
    const ranked = scoreCandidates(
      listing,
      [
        profile({ userId: "accountant", headline: "Accountant", skills: ["IFRS", "payroll"], bio: "Bookkeeping for NGOs" }),
        profile({ userId: "dev", headline: "Full-stack React developer", skills: ["React", "Node.js"], bio: "I build booking sites" }),
      ],
      now,
    );
    expect(ranked.map((r) => r.userId)).toEqual(["dev", "accountant"]);
    for (const r of ranked) {
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(100);
    }
  });

  it("a listing without skills can still pass the threshold on text and named skills", () => {
    const bare = { ...listing, skills: [] };
    const [m] = scoreCandidates(bare, [profile({ userId: "dev", headline: "React developer", skills: ["React", "Node.js", "PostgreSQL"], categories: ["technology"], remote: true, languages: ["en"] })], now);
    expect(m.score).toBeGreaterThanOrEqual(60);
    expect(m.explanation).toContain("skills named in the listing");
  });

  it("matches Ukrainian text across inflections", () => {
    const uk: ListingForMatch = { title: "Шукаємо бухгалтера", description: "Ведення обліку для громадської організації", category: "finance", skills: [], location: "Kyiv", remote: false };
    const [m] = scoreCandidates(uk, [profile({ userId: "b", headline: "Бухгалтер", bio: "Веду облік", languages: ["uk"], location: "kyiv" })], now);
    expect(m.breakdown.text).toBeGreaterThan(0.3);
    expect(m.explanation).toContain("speaks uk");
    expect(m.explanation).toContain("in kyiv");
  });
});
