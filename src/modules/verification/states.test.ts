import { describe, expect, it } from "vitest";
import { assertVerificationMove, procedureNumber, VERIFICATION_STATUSES, VERIFICATION_TRANSITIONS } from "./states";

describe("verification lifecycle", () => {
  it("allows exactly the moves of the table, to the right party", () => {
    expect(() => assertVerificationMove("draft", "submitted", "owner")).not.toThrow();
    expect(() => assertVerificationMove("changes_requested", "submitted", "owner")).not.toThrow();
    expect(() => assertVerificationMove("under_review", "approved", "admin")).not.toThrow();
    expect(() => assertVerificationMove("approved", "revoked", "admin")).not.toThrow();
    expect(() => assertVerificationMove("approved", "revoked", "system")).not.toThrow();
    expect(() => assertVerificationMove("under_review", "approved", "system")).toThrow("cannot go");
    expect(() => assertVerificationMove("draft", "submitted", "admin")).toThrow("cannot go");
    expect(() => assertVerificationMove("submitted", "approved", "admin")).toThrow("cannot go");
    expect(() => assertVerificationMove("rejected", "submitted", "owner")).toThrow("cannot go");
    expect(() => assertVerificationMove("approved", "revoked", "owner")).toThrow("cannot go");
  });

  it("every status is in the table and terminal states have no exit", () => {
    expect(Object.keys(VERIFICATION_TRANSITIONS).sort()).toEqual([...VERIFICATION_STATUSES].sort());
    expect(VERIFICATION_TRANSITIONS.rejected).toEqual({});
    expect(VERIFICATION_TRANSITIONS.revoked).toEqual({});
  });

  it("numbers procedures VRF-YYYY-NNNNNN", () => {
    expect(procedureNumber(2026, 42)).toBe("VRF-2026-000042");
    expect(procedureNumber(2027, 1_234_567)).toBe("VRF-2027-1234567");
  });
});
