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

/** Credits bought per major currency unit (1 credit per 1.00), rounded down. */
export const creditsFor = (amountMinor: number) => Math.floor(amountMinor / 100);

/** Credits it takes to pay an amount, rounded up (12.50 costs 13). */
export const creditsCost = (amountMinor: number) => Math.ceil(amountMinor / 100);

/** The credit packs offered ("10,25,50"); an empty setting allows any whole amount. */
export const parseCreditPacks = (setting: string) => setting.split(",").map(Number).filter((n) => Number.isInteger(n) && n > 0).sort((a, b) => a - b);

/** The badge colour of a payment's status on admin pages. */
export const paymentStatusTone = (status: string) => (status === "succeeded" ? "green" : status === "pending" ? "blue" : "slate");
