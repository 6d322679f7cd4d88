/** A skill as the matcher compares it: trimmed, inner spaces collapsed, lower-cased (Unicode-aware). */
export function normalizeSkill(skill: string): string {
  return skill.normalize("NFKC").trim().replace(/\s+/g, " ").toLocaleLowerCase("en");
}

/** Keeps the first spelling of each skill as typed; drops empties and case-insensitive duplicates. */
export function cleanSkills(skills: readonly string[]): { display: string[]; normalized: string[] } {
  const seen = new Set<string>();
  const display: string[] = [];
  for (const raw of skills) {
    const shown = raw.normalize("NFKC").trim().replace(/\s+/g, " ");
    const key = normalizeSkill(raw);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    display.push(shown);
  }
  return { display, normalized: [...seen] };
}
