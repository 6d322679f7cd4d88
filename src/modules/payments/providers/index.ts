import { appUrl, env, type Env } from "@/src/platform/config/env";
import type { Provider } from "../states";
import type { PaymentProvider } from "./port";
import { stripeProvider } from "./stripe";
import { wayForPayProvider, type WayForPayConfig } from "./wayforpay";

export function wayForPayConfig(e: Env = env()): WayForPayConfig | null {
  if (!e.WAYFORPAY_MERCHANT_ACCOUNT || !e.WAYFORPAY_SECRET_KEY) return null;
  return { merchantAccount: e.WAYFORPAY_MERCHANT_ACCOUNT, secretKey: e.WAYFORPAY_SECRET_KEY, domain: e.WAYFORPAY_DOMAIN ?? new URL(appUrl(e)).host, apiUrl: e.WAYFORPAY_API_URL };
}

export type ProviderLookup = (name: Provider) => PaymentProvider | null;

/**
 * The adapter of an external provider, or null when its keys are not set. Credits are not here:
 * they are the ring's own ledger, so the conductor settles and refunds them in its transaction.
 */
export function paymentProvider(name: Provider, e: Env = env()): PaymentProvider | null {
  if (name === "stripe") return stripeProvider(e);
  if (name === "wayforpay") {
    const config = wayForPayConfig(e);
    return config ? wayForPayProvider(config) : null;
  }
  return null;
}

/** Which providers are on (by their keys) and whether Stripe is in test mode; for the UI and /api/health. */
export function enabledProviders(e: Env = env()) {
  return {
    stripe: Boolean(e.STRIPE_SECRET_KEY && e.STRIPE_WEBHOOK_SECRET),
    stripeTestMode: Boolean(e.STRIPE_SECRET_KEY?.startsWith("sk_test_")),
    wayforpay: Boolean(wayForPayConfig(e)),
    credits: true,
  };
}
