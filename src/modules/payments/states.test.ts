import { describe, expect, it } from "vitest";
import { canMove, creditsFor, PAYMENT_STATUSES, PAYMENT_TRANSITIONS } from "./states";

describe("payment states", () => {
  it("failed, cancelled and refunded are final; only a paid payment is refunded, in parts or at once", () => {
    for (const end of ["failed", "cancelled", "refunded"] as const) for (const to of PAYMENT_STATUSES) expect(canMove(end, to)).toBe(false);
    expect(canMove("pending", "refunded")).toBe(false);
    expect(canMove("succeeded", "partially_refunded")).toBe(true);
    expect(canMove("partially_refunded", "partially_refunded")).toBe(true);
    expect(canMove("partially_refunded", "refunded")).toBe(true);
    expect(canMove("succeeded", "pending")).toBe(false);
  });

  it("every status has its row and no move goes back to created", () => {
    expect(Object.keys(PAYMENT_TRANSITIONS).sort()).toEqual([...PAYMENT_STATUSES].sort());
    for (const from of PAYMENT_STATUSES) expect(canMove(from, "created")).toBe(false);
  });

  it("credits are whole major units, rounded down", () => {
    expect(creditsFor(2599)).toBe(25);
    expect(creditsFor(99)).toBe(0);
  });
});
