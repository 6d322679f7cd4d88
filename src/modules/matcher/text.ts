import { stem } from "@/src/modules/opportunities/search-text";

const STOPWORDS = new Set(
  (
    "a an and are as at be by for from has have in into is it its of on or our that the their they this to we with will you your " +
    "who what which also can such other about than then them these those were was been being do does done not no all any each more most " +
    "і й та або але це як що щоб для від до на по за про з із у в ви ми вони він вона вам нам наш ваш їх є був була були буде який яка яке які " +
    // listing boilerplate that says nothing about the work
    "looking wanted need needed seeking experienced available help offer шукаємо шукаю потрібен потрібна потрібні потрібно фахівця фахівець досвідчений"
  ).split(" "),
);

/** Common spellings that mean the same skill. Keys and values are already lower-case. */
const SYNONYMS = new Map<string, string>(Object.entries({
  js: "javascript",
  ts: "typescript",
  postgres: "postgresql",
  psql: "postgresql",
  k8s: "kubernetes",
  ml: "machine learning",
  ai: "artificial intelligence",
  ui: "user interface",
  ux: "user experience",
  nodejs: "node.js",
  node: "node.js",
  reactjs: "react",
  "react.js": "react",
  golang: "go",
  pm: "project management",
  hr: "human resources",
  seo: "search engine optimisation",
  "search engine optimization": "search engine optimisation",
  localisation: "localization",
  "l10n": "localization",
  "i18n": "internationalization",
}));

export function canonicalSkill(skill: string): string {
  const s = skill.normalize("NFKC").trim().toLocaleLowerCase("uk").replace(/\s+/g, " ");
  return SYNONYMS.get(s) ?? s;
}

/** Stemmed content words of a text (English and Ukrainian), stopwords dropped. */
export function terms(text: string | null | undefined): string[] {
  if (!text) return [];
  return text
    .normalize("NFKC")
    .toLocaleLowerCase("uk")
    .split(/[^\p{L}\p{N}+#.]+/u)
    .map((w) => w.replace(/^\.+|\.+$/g, ""))
    .filter((w) => w.length >= 2 && !STOPWORDS.has(w))
    .map((w) => SYNONYMS.get(w) ?? w)
    .flatMap((w) => w.split(" "))
    .map(stem);
}

export function isCyrillic(text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  const cyr = letters.filter((c) => /\p{Script=Cyrillic}/u.test(c)).length;
  return letters.length > 0 && cyr / letters.length > 0.3;
}
