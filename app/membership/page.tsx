import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { CheckoutButtons } from "@/components/payments";
import { Card, PageTitle } from "@/components/ui";
import { membershipOffer } from "@/src/modules/payments/membership-offer";
import { enabledProviders } from "@/src/modules/payments/providers";
import { pageContext } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";

export const metadata = { title: "Membership" };

export default async function MembershipPage() {
  requireModule("payments");
  const t = await getTranslations("payments");
  const format = await getFormatter();
  const ctx = await pageContext();
  const actor = ctx.actor;
  const { priceMinor: price, currency, days, validUntil, creditsCurrency, priceInCredits } = await membershipOffer(ctx);
  const on = enabledProviders();
  // Credits pay only a price their rate converts.
  const providers = (["stripe", "wayforpay", "credits"] as const).filter((p) => on[p] && (p !== "credits" || priceInCredits !== null));
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <PageTitle title={t("title")} intro={t("intro")} />
      <Card>
        <p className="text-2xl font-semibold" data-testid="membership-price">
          {t("price", { price: format.number(price / 100, { style: "currency", currency }), days })}
        </p>
        {priceInCredits !== null && (
          <p className="text-sm text-slate-600" data-testid="membership-credits-price">
            {t("priceInCredits", { credits: priceInCredits, currency: creditsCurrency })}
          </p>
        )}
        {on.stripeTestMode && <p className="text-xs text-amber-700">{t("testMode")}</p>}
        <p className="my-3 text-sm text-slate-600">
          {validUntil && validUntil > new Date() ? t("current", { date: format.dateTime(validUntil, { dateStyle: "long" }) }) : t("notMember")}
        </p>
        {actor.kind === "user" ? <CheckoutButtons purpose="membership" providers={providers} /> : <Link href="/sign-in?next=/membership">{t("payWith_stripe")}</Link>}
      </Card>
      {actor.kind === "user" && <Link href="/account/payments">{t("myPayments")} →</Link>}
    </div>
  );
}
