import { describe, expect, it } from "vitest";
import { enabledModules, parseRingConfig } from "./ring-config";

describe("parseRingConfig", () => {
  it("fills defaults and keeps the given modules", () => {
    const config = parseRingConfig({ name: "Kyiv Makers", modules: { store: false } });
    expect(config.primaryColor).toBe("#4f46e5");
    expect(config.defaultLocale).toBe("en");
    expect(enabledModules(config).store).toBe(false);
    expect(enabledModules(config).opportunities).toBe(true);
  });

  it("names every bad field in a readable error", () => {
    expect(() => parseRingConfig({ name: "", primaryColor: "blue", modules: { teleport: true } }, "ring-config.json")).toThrowError(
      /Invalid ring-config\.json:\n {2}name: .*\n {2}primaryColor: must be a hex colour/,
    );
  });

  it("rejects an unknown locale", () => {
    expect(() => parseRingConfig({ name: "X", defaultLocale: "fr" })).toThrowError(/defaultLocale/);
  });
});
