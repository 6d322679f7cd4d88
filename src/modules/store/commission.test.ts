import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocate, COMMISSION_TIERS, commissionOf } from "./commission";

describe("commission", () => {
  it("is the tier's rate, rounded half up, in minor units", () => {
    expect(commissionOf(10_000, COMMISSION_TIERS.standard)).toBe(1_500);
    expect(commissionOf(333, COMMISSION_TIERS.standard)).toBe(50);
    expect(commissionOf(330, COMMISSION_TIERS.standard)).toBe(50);
    expect(commissionOf(329, COMMISSION_TIERS.standard)).toBe(49);
    expect(commissionOf(1, COMMISSION_TIERS.premium)).toBe(0);
  });

  it("never exceeds the subtotal and never goes below zero", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.constantFrom(...Object.values(COMMISSION_TIERS)), (subtotal, bps) => {
        const c = commissionOf(subtotal, bps);
        return c >= 0 && c <= subtotal;
      }),
    );
  });
});

describe("allocate", () => {
  it("splits in proportion and adds up exactly", () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(1_000, [3_000, 1_000])).toEqual([750, 250]);
    expect(allocate(5, [0, 0])).toEqual([0, 0]);
  });

  it("always sums to the total and stays within one unit of the exact share", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 8 }), (total, weights) => {
        const parts = allocate(total, weights);
        const sum = weights.reduce((s, w) => s + w, 0);
        return parts.reduce((s, p) => s + p, 0) === total && parts.every((p, i) => Math.abs(p - (total * weights[i]) / sum) < 1);
      }),
    );
  });
});
