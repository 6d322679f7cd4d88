import type { PaymentStatus, Provider } from "../states";

/** A verified provider event, mapped to the transaction it moves. */
export interface ParsedEvent {
  eventId: string;
  type: string;
  transactionId: string | null;
  providerRef: string | null;
  status: PaymentStatus | null;
  amountMinor: number | null;
  currency: string | null;
  payload: Record<string, unknown>;
}

/** What a provider is asked about: one transaction. */
export interface ProviderTransaction {
  id: string;
  amountMinor: number;
  currency: string;
  providerRef: string | null;
  createdAt: Date;
}

export interface CheckoutOptions {
  returnUrl: string;
  cancelUrl: string;
  serviceUrl: string;
  /** How long the buyer may take to pay; after that the provider refuses and reconciliation cancels. */
  expiresInSeconds: number;
}

export interface CheckoutStart {
  providerRef: string;
  next: { redirectUrl?: string | null; form?: { action: string; method: "POST"; fields: Record<string, string> } };
}

/** The provider's own view of a transaction, for reconciliation. */
export interface ProviderState {
  status: PaymentStatus;
  amountMinor: number | null;
  currency: string | null;
  detail: string;
}

export interface RefundResult {
  status: "succeeded" | "pending" | "failed";
  providerRef: string | null;
  detail: string;
}

/**
 * One adapter per provider. Adapters talk to the provider only; the conductor (service.ts) owns
 * the database, so no provider call ever runs inside a database transaction.
 */
export interface PaymentProvider {
  readonly name: Provider;
  createCheckout(t: ProviderTransaction & { description: string }, options: CheckoutOptions): Promise<CheckoutStart>;
  /** Throws a 400 DomainError when the signature does not hold; nothing is stored then. */
  verifyAndParseWebhook(rawBody: string, headers: Record<string, string | undefined>): ParsedEvent;
  /** The body the provider expects as the answer to a webhook it delivered. */
  webhookAnswer(event: ParsedEvent, outcome: string): unknown;
  /**
   * `refundId` is the idempotency key: asking twice refunds once. `previousRef` is the provider's
   * id of an earlier attempt that is still pending, to be looked up rather than asked again.
   */
  refund(t: ProviderTransaction, refund: { refundId: string; amountMinor: number; reason: string; previousRef: string | null }): Promise<RefundResult>;
  fetchStatus(t: ProviderTransaction): Promise<ProviderState>;
  /** Stops a pending checkout from being paid later (reconciliation gives up on it). */
  expire(t: ProviderTransaction): Promise<void>;
}
