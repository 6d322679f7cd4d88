import { eq } from "drizzle-orm";
import type { Ctx } from "@/src/platform/context";
import { getSetting } from "@/src/platform/settings/resolve";
import { memberships } from "./schema";

/** What membership costs, for how long, and (for a signed-in caller) until when theirs runs. */
export async function membershipOffer(ctx: Ctx) {
  const [priceMinor, currency, days] = await Promise.all([
    getSetting<number>(ctx.db, "PAYMENTS_MEMBERSHIP_PRICE_MINOR"),
    getSetting<string>(ctx.db, "PAYMENTS_MEMBERSHIP_CURRENCY"),
    getSetting<number>(ctx.db, "PAYMENTS_MEMBERSHIP_DAYS"),
  ]);
  const userId = ctx.actor.userId;
  const [own] = userId ? await ctx.db.select({ validUntil: memberships.validUntil }).from(memberships).where(eq(memberships.userId, userId)) : [];
  return { priceMinor, currency, days, validUntil: own?.validUntil ?? null };
}
