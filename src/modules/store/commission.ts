/**
 * The one commission table: a vendor's tier (set by an admin) gives its rate in basis points.
 * Every amount is computed once, in integer minor units, when the order is placed.
 */
export const COMMISSION_TIERS = { standard: 1500, partner: 1200, premium: 1000 } as const;
export type VendorTier = keyof typeof COMMISSION_TIERS;
export const VENDOR_TIERS = Object.keys(COMMISSION_TIERS) as VendorTier[];

/** Commission on a subtotal, rounded half up to the minor unit. */
export function commissionOf(subtotalMinor: number, bps: number): number {
  return Math.floor((subtotalMinor * bps + 5_000) / 10_000);
}

/**
 * Splits `total` over parts in proportion to `weights`, in whole minor units that add up to
 * exactly `total` (largest remainder; ties go to the earlier part).
 */
export function allocate(total: number, weights: number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((s, p) => s + p, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i]++;
    left--;
  }
  return parts;
}
