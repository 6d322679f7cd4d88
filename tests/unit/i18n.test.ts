import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OPPORTUNITY_FILTER_CATEGORY_IDS } from "@/src/modules/opportunities/categories";

type Tree = { [key: string]: string | Tree };
const load = (locale: string) => JSON.parse(readFileSync(`messages/${locale}.json`, "utf8")) as Tree;

function keys(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === "string" ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
}

describe("translations", () => {
  const en = load("en");
  const uk = load("uk");

  it("every key exists in both English and Ukrainian", () => {
    const enKeys = new Set(keys(en));
    const ukKeys = new Set(keys(uk));
    expect([...enKeys].filter((k) => !ukKeys.has(k))).toEqual([]);
    expect([...ukKeys].filter((k) => !enKeys.has(k))).toEqual([]);
  });

  it("no translation is empty", () => {
    for (const tree of [en, uk]) {
      const flat = keys(tree);
      const empty = flat.filter((k) => {
        const value = k.split(".").reduce<Tree | string>((node, part) => (node as Tree)[part], tree);
        return typeof value !== "string" || value.trim() === "";
      });
      expect(empty).toEqual([]);
    }
  });

  it("every opportunity category has a label in both languages", () => {
    for (const id of OPPORTUNITY_FILTER_CATEGORY_IDS) {
      expect((en.categories as Tree)[id], `en ${id}`).toBeTruthy();
      expect((uk.categories as Tree)[id], `uk ${id}`).toBeTruthy();
    }
  });
});
