import { describe, expect, it } from "vitest";
import { cleanSkills, normalizeSkill } from "./skills";

describe("skills", () => {
  it("normalises by trimming, collapsing spaces and lower-casing, Cyrillic included", () => {
    expect(normalizeSkill("  Machine   Learning ")).toBe("machine learning");
    expect(normalizeSkill("Бухгалтерський Облік")).toBe("бухгалтерський облік");
  });

  it("keeps the first spelling as typed and drops duplicates and blanks", () => {
    expect(cleanSkills(["React", " react ", "", "Node.js", "REACT"])).toEqual({ display: ["React", "Node.js"], normalized: ["react", "node.js"] });
  });
});
