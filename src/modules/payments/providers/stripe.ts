import Stripe from "stripe";
import type { Env } from "@/src/platform/config/env";
import { DomainError } from "@/src/platform/http/errors";
import type { PaymentStatus } from "../states";
import type { ParsedEvent, PaymentProvider, ProviderState, RefundResult } from "./port";

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

function sessionState(session: Stripe.Checkout.Session): ProviderState {
  const status: PaymentStatus = session.status === "expired" ? "cancelled" : session.status === "complete" && session.payment_status === "paid" ? "succeeded" : "pending";
  return { status, amountMinor: session.amount_total ?? null, currency: session.currency ? session.currency.toUpperCase() : null, detail: `session ${session.status}, payment ${session.payment_status}` };
}

const REFUND_STATUS: Record<string, RefundResult["status"]> = { succeeded: "succeeded", pending: "pending", requires_action: "pending", failed: "failed", canceled: "failed" };

/** Stripe Checkout: the official SDK for sessions, webhooks (constructEvent), refunds and status. */
export function stripeProvider(e: Env): PaymentProvider | null {
  const stripe = stripeClient(e);
  const secret = e.STRIPE_WEBHOOK_SECRET;
  if (!stripe || !secret) return null;
  const sessionOf = (t: { providerRef: string | null }) => {
    if (!t.providerRef) throw new DomainError("conflict", "This payment never reached Stripe");
    return stripe.checkout.sessions.retrieve(t.providerRef);
  };
  return {
    name: "stripe",
    async createCheckout(t, options) {
      const session = await stripe.checkout.sessions.create({
        mode: "payment",
        line_items: [{ quantity: 1, price_data: { currency: t.currency.toLowerCase(), unit_amount: t.amountMinor, product_data: { name: t.description } } }],
        client_reference_id: t.id,
        metadata: { transactionId: t.id },
        success_url: options.returnUrl,
        cancel_url: options.cancelUrl,
        // Stripe accepts 30 minutes to 24 hours.
        expires_at: Math.floor(t.createdAt.getTime() / 1000) + Math.min(24 * 3600, Math.max(1800, options.expiresInSeconds)),
      });
      return { providerRef: session.id, next: { redirectUrl: session.url } };
    },
    verifyAndParseWebhook: (rawBody, headers) => parseStripeWebhook(stripe, secret, rawBody, headers["stripe-signature"] ?? null),
    webhookAnswer: (_event, outcome) => ({ received: true, outcome }),
    async refund(t, r) {
      const toResult = (refund: Stripe.Refund): RefundResult => ({ status: REFUND_STATUS[refund.status ?? "pending"] ?? "pending", providerRef: refund.id, detail: `refund ${refund.status}` });
      if (r.previousRef) return toResult(await stripe.refunds.retrieve(r.previousRef));
      const session = await sessionOf(t);
      const paymentIntent = typeof session.payment_intent === "string" ? session.payment_intent : session.payment_intent?.id;
      if (!paymentIntent) throw new DomainError("conflict", "Stripe has no payment for this checkout to refund");
      return toResult(await stripe.refunds.create({ payment_intent: paymentIntent, amount: r.amountMinor, metadata: { transactionId: t.id, refundId: r.refundId } }, { idempotencyKey: `refund-${r.refundId}` }));
    },
    fetchStatus: async (t) => sessionState(await sessionOf(t)),
    async expire(t) {
      if (t.providerRef) await stripe.checkout.sessions.expire(t.providerRef);
    },
  };
}
