export const PAYMENT_STATUSES = ["created", "pending", "succeeded", "failed", "cancelled", "refunded", "partially_refunded"] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Moves a transaction may make; a provider event asking for anything else is recorded, not applied. */
export const PAYMENT_TRANSITIONS: Record<PaymentStatus, readonly PaymentStatus[]> = {
  created: ["pending", "succeeded", "failed", "cancelled"],
  pending: ["succeeded", "failed", "cancelled"],
  succeeded: ["refunded", "partially_refunded"],
  partially_refunded: ["refunded", "partially_refunded"],
  failed: [],
  cancelled: [],
  refunded: [],
};

export function canMove(from: PaymentStatus, to: PaymentStatus): boolean {
  return PAYMENT_TRANSITIONS[from].includes(to);
}

export const PURPOSES = ["membership", "credits", "order"] as const;
export type Purpose = (typeof PURPOSES)[number];
export const PROVIDERS = ["stripe", "wayforpay", "credits"] as const;
export type Provider = (typeof PROVIDERS)[number];
export const CURRENCIES = ["USD", "EUR", "UAH", "GBP"] as const;

// A hair of tolerance so binary fractions (0.29 * 100 = 28.999…) do not lose a credit to the rounding.
const EPSILON = 1e-9;

/** Credits bought for an amount, at `rate` credits per major unit (1 credit per 1.00 of the credits' own currency), rounded down. */
export const creditsFor = (amountMinor: number, rate = 1) => Math.floor((amountMinor * rate) / 100 + EPSILON);

/** Credits it takes to pay an amount at `rate` credits per major unit, rounded up (12.50 costs 13). */
export const creditsCost = (amountMinor: number, rate = 1) => Math.ceil((amountMinor * rate) / 100 - EPSILON);

/** The credit packs offered ("10,25,50"); an empty setting allows any whole amount. */
export const parseCreditPacks = (setting: string) => setting.split(",").map(Number).filter((n) => Number.isInteger(n) && n > 0).sort((a, b) => a - b);

/** The badge colour of a payment's status on admin pages. */
export const paymentStatusTone = (status: string) => (status === "succeeded" ? "green" : status === "pending" ? "blue" : "slate");
