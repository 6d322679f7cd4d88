import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SETTINGS } from "@/src/platform/settings/definitions";

describe("settings help", () => {
  it("every setting is explained in English and Ukrainian", () => {
    for (const locale of ["en", "uk"]) {
      const help = JSON.parse(readFileSync(`messages/${locale}.json`, "utf8")).settingsHelp as Record<string, string>;
      expect(SETTINGS.map((s) => s.name).filter((n) => !help[n]), locale).toEqual([]);
    }
  });
});
