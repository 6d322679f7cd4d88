import { handleStripeWebhook } from "@/src/modules/payments/service";
import { db } from "@/src/platform/db/client";
import { json, route } from "@/src/platform/http/route";

/** Verified before answering: bad signature 400 (nothing applied); a failure to apply 500, so Stripe retries. */
export const POST = route(async (req) => json(await handleStripeWebhook(db(), await req.text(), req.headers.get("stripe-signature"))), { module: "payments", limit: "none" });
