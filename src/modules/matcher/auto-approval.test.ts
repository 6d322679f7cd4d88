import { describe, expect, it } from "vitest";
import { autoApprovalDecision } from "./service";

const now = new Date("2026-11-26T12:00:00Z");
const old = new Date("2026-01-01T00:00:00Z");
const settings = { autoApprove: true, autoApproveMinScore: 0.8, localOnly: true, confidenceGate: 0.7, minAccountAgeHours: 24, provider: "local" };
const base = { settings, status: "pending", authorCreatedAt: old, safetyFlag: false, bestScore: 85, bestLocalScore: 85, bestLlmConfidence: null, now };

describe("auto-approval rule, in order", () => {
  it.each([
    ["auto_approve_disabled", { settings: { ...settings, autoApprove: false } }],
    ["not_pending", { status: "active" }],
    ["safety_hold", { safetyFlag: true }],
    ["safety_hold", { authorCreatedAt: new Date(now.getTime() - 3600_000) }],
    ["llm_confidence_below_gate", { settings: { ...settings, provider: "openai" }, bestLlmConfidence: 0.5 }],
    ["local_only_not_allowed", { settings: { ...settings, localOnly: false } }],
    ["local_score_below_minimum", { settings: { ...settings, provider: "openai" }, bestScore: 90, bestLocalScore: 75, bestLlmConfidence: 1 }],
    ["local_score_below_minimum", { settings: { ...settings, provider: "openai" }, bestLocalScore: null, bestLlmConfidence: 1 }],
    ["no_matches_above_threshold", { bestScore: 79 }],
    ["no_matches_above_threshold", { bestScore: null }],
    ["approved", {}],
    ["approved", { settings: { ...settings, provider: "anthropic", localOnly: false }, bestLlmConfidence: 0.9 }],
  ] as const)("%s when %o", (reason, change) => {
    expect(autoApprovalDecision({ ...base, ...change } as Parameters<typeof autoApprovalDecision>[0])).toBe(reason);
  });

  it("a disabled switch wins over everything else", () => {
    expect(autoApprovalDecision({ ...base, settings: { ...settings, autoApprove: false }, status: "active", safetyFlag: true })).toBe("auto_approve_disabled");
  });
});
