import Stripe from "stripe";
import type { Env } from "@/src/platform/config/env";
import { DomainError } from "@/src/platform/http/errors";
import type { PaymentStatus } from "../states";

const clients = new Map<string, Stripe>();

/** One client per key and API origin (creating one per webhook costs more than verifying it). */
export function stripeClient(e: Env): Stripe | null {
  if (!e.STRIPE_SECRET_KEY) return null;
  const cacheKey = `${e.STRIPE_SECRET_KEY}|${e.STRIPE_API_BASE ?? ""}`;
  const cached = clients.get(cacheKey);
  if (cached) return cached;
  const base = e.STRIPE_API_BASE ? new URL(e.STRIPE_API_BASE) : null;
  const client = new Stripe(e.STRIPE_SECRET_KEY, {
    maxNetworkRetries: 1,
    timeout: 15_000,
    ...(base ? { host: base.hostname, port: Number(base.port || (base.protocol === "https:" ? 443 : 80)), protocol: base.protocol.replace(":", "") as "http" | "https" } : {}),
  });
  clients.set(cacheKey, client);
  return client;
}

/** A Checkout Session for one transaction; the transaction id travels as client reference and metadata. */
export async function createStripeCheckout(stripe: Stripe, t: { id: string; amountMinor: number; currency: string; description: string }, urls: { success: string; cancel: string }) {
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ quantity: 1, price_data: { currency: t.currency.toLowerCase(), unit_amount: t.amountMinor, product_data: { name: t.description } } }],
    client_reference_id: t.id,
    metadata: { transactionId: t.id },
    success_url: urls.success,
    cancel_url: urls.cancel,
  });
  return { providerRef: session.id, redirectUrl: session.url };
}

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

/** Verifies the signature on the raw body (300 s tolerance) and maps the event; a bad signature is a 400. */
export function parseStripeWebhook(stripe: Stripe, secret: string, rawBody: string, signature: string | null): ParsedEvent {
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(rawBody, signature ?? "", secret, 300);
  } catch (e) {
    throw new DomainError("bad_request", `Invalid Stripe signature: ${(e as Error).message}`);
  }
  const object = event.data.object as unknown as Record<string, unknown>;
  const metadata = (object.metadata ?? {}) as Record<string, string>;
  const base = { eventId: event.id, type: event.type, payload: event as unknown as Record<string, unknown> };
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
      return {
        ...base,
        transactionId: metadata.transactionId ?? (object.client_reference_id as string | null) ?? null,
        providerRef: object.id as string,
        status: object.payment_status === "paid" ? "succeeded" : "pending",
        amountMinor: object.amount_total as number,
        currency: String(object.currency ?? "").toUpperCase(),
      };
    case "checkout.session.async_payment_failed":
      return { ...base, transactionId: metadata.transactionId ?? null, providerRef: object.id as string, status: "failed", amountMinor: null, currency: null };
    case "checkout.session.expired":
      return { ...base, transactionId: metadata.transactionId ?? null, providerRef: object.id as string, status: "cancelled", amountMinor: null, currency: null };
    default:
      return { ...base, transactionId: metadata.transactionId ?? null, providerRef: null, status: null, amountMinor: null, currency: null };
  }
}
