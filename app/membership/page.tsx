import { eq } from "drizzle-orm";
import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { CheckoutButtons } from "@/components/payments";
import { Card, PageTitle } from "@/components/ui";
import { memberships } from "@/src/modules/payments/schema";
import { enabledProviders } from "@/src/modules/payments/providers";
import { pageActor } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";
import { db } from "@/src/platform/db/client";
import { getSetting } from "@/src/platform/settings/resolve";

export const metadata = { title: "Membership" };

export default async function MembershipPage() {
  requireModule("payments");
  const t = await getTranslations("payments");
  const format = await getFormatter();
  const actor = await pageActor();
  const [price, currency, days] = await Promise.all([getSetting<number>(db(), "PAYMENTS_MEMBERSHIP_PRICE_MINOR"), getSetting<string>(db(), "PAYMENTS_MEMBERSHIP_CURRENCY"), getSetting<number>(db(), "PAYMENTS_MEMBERSHIP_DAYS")]);
  const [membership] = actor.kind === "user" ? await db().select().from(memberships).where(eq(memberships.userId, actor.userId)) : [];
  const on = enabledProviders();
  const providers = (["stripe", "wayforpay", "credits"] as const).filter((p) => on[p]);
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <PageTitle title={t("title")} intro={t("intro")} />
      <Card>
        <p className="text-2xl font-semibold" data-testid="membership-price">
          {t("price", { price: format.number(price / 100, { style: "currency", currency }), days })}
        </p>
        {on.stripeTestMode && <p className="text-xs text-amber-700">{t("testMode")}</p>}
        <p className="my-3 text-sm text-slate-600">
          {membership && membership.validUntil > new Date() ? t("current", { date: format.dateTime(membership.validUntil, { dateStyle: "long" }) }) : t("notMember")}
        </p>
        {actor.kind === "user" ? <CheckoutButtons purpose="membership" providers={providers} /> : <Link href="/sign-in?next=/membership">{t("payWith_stripe")}</Link>}
      </Card>
      {actor.kind === "user" && <Link href="/account/payments">{t("myPayments")} →</Link>}
    </div>
  );
}
