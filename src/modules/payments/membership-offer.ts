import { eq } from "drizzle-orm";
import type { Ctx } from "@/src/platform/context";
import { getSetting } from "@/src/platform/settings/resolve";
import { creditTerms } from "./credit-rates";
import { memberships } from "./schema";
import { creditsCost } from "./states";

/**
 * What membership costs (in money, and in credits when there is a rate for its currency), for how
 * long, and (for a signed-in caller) until when theirs runs.
 */
export async function membershipOffer(ctx: Ctx) {
  const [priceMinor, currency, days] = await Promise.all([
    getSetting<number>(ctx.db, "PAYMENTS_MEMBERSHIP_PRICE_MINOR"),
    getSetting<string>(ctx.db, "PAYMENTS_MEMBERSHIP_CURRENCY"),
    getSetting<number>(ctx.db, "PAYMENTS_MEMBERSHIP_DAYS"),
  ]);
  const userId = ctx.actor.userId;
  const [own] = userId ? await ctx.db.select({ validUntil: memberships.validUntil }).from(memberships).where(eq(memberships.userId, userId)) : [];
  const terms = await creditTerms(ctx.db);
  const rate = currency === terms.currency ? 1 : terms.rates[currency];
  return { priceMinor, currency, days, validUntil: own?.validUntil ?? null, creditsCurrency: terms.currency, priceInCredits: rate === undefined ? null : creditsCost(priceMinor, rate) };
}
