import { describe, expect, it } from "vitest";
import { DomainError } from "../http/errors";
import { validateSettingsPatch } from "./resolve";

describe("validateSettingsPatch", () => {
  it("accepts known settings with valid values", () => {
    expect(validateSettingsPatch({ MATCHER_AUTO_APPROVE: true, LLM_PROVIDER: "openai" }, {})).toEqual([
      { name: "MATCHER_AUTO_APPROVE", value: true },
      { name: "LLM_PROVIDER", value: "openai" },
    ]);
  });

  it("treats an empty secret as clearing it", () => {
    expect(validateSettingsPatch({ OPENAI_API_KEY: "" }, {})).toEqual([{ name: "OPENAI_API_KEY", value: null }]);
    expect(validateSettingsPatch({ MATCHER_SCORE_THRESHOLD: null }, {})).toEqual([{ name: "MATCHER_SCORE_THRESHOLD", value: null }]);
  });

  it("rejects unknown names and bad values together, as validation_failed", () => {
    try {
      validateSettingsPatch({ NOPE: 1, MATCHER_AUTO_APPROVE_MIN_SCORE: 2 }, {});
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe("validation_failed");
      expect(Object.keys((e as DomainError).fields ?? {}).sort()).toEqual(["MATCHER_AUTO_APPROVE_MIN_SCORE", "NOPE"]);
    }
  });

  it("refuses a setting pinned by the environment with conflict", () => {
    expect(() => validateSettingsPatch({ MATCHER_AUTO_APPROVE: true }, { MATCHER_AUTO_APPROVE: "false" })).toThrowError(/Pinned by the environment/);
  });
});
