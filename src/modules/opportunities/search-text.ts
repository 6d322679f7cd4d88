/**
 * Turns what a person typed into a prefix tsquery for the `simple` configuration, with a light
 * stemmer for English and Ukrainian endings, so "розробника" finds "розробник" and "developers"
 * finds "developer". Returns null when nothing searchable is left.
 */
const ENDINGS = [
  // Ukrainian (longest first); -ість/-ості alternate і/о in the stem, so both drop to the shared part
  "остями", "остей", "ість", "ості", "істю",
  "ами", "ями", "ові", "еві", "ого", "ому", "ими", "ій", "ий", "их", "ої", "ою", "ею", "ів", "ах", "ях", "ам", "ям", "ом", "ем",
  "а", "я", "у", "ю", "і", "и", "е", "о", "ь",
  // English
  "ing", "ies", "es", "ed", "s",
];
const MIN_STEM = 4;

export function stem(word: string): string {
  for (const ending of ENDINGS) {
    if (word.endsWith(ending) && word.length - ending.length >= MIN_STEM) return word.slice(0, -ending.length);
  }
  return word;
}

export function searchTerms(input: string): string[] {
  const words = input
    .normalize("NFKC")
    .toLocaleLowerCase("uk")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2)
    .slice(0, 12);
  return [...new Set(words.map(stem))];
}

export function searchQuery(input: string): string | null {
  const terms = searchTerms(input);
  return terms.length ? terms.map((t) => `${t}:*`).join(" & ") : null;
}
