import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { PaymentStatus } from "@/components/payments";
import { PageTitle } from "@/components/ui";
import { myTransaction } from "@/src/modules/payments/service";
import { orNotFound, pageContext, requirePageUser } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";
import { flattenParams, type RawSearchParams } from "@/src/platform/http/search-params";
import { formatMoney } from "@/src/modules/payments/money";

export const metadata = { title: "Payment" };

export default async function PaymentReturnPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  requireModule("payments");
  const params = flattenParams(await searchParams);
  const ctx = await pageContext(await requirePageUser(`/payments/return?transaction=${params.transaction ?? ""}`));
  const t = await getTranslations("payments");
  const tx = await orNotFound(myTransaction(ctx, params.transaction ?? ""));
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageTitle title={t("returnTitle")} />
      <p className="text-sm text-slate-600">
        {t(`purpose_${tx.purpose}` as "purpose_membership")} · {formatMoney(tx.amountMinor, tx.currency)} · {tx.provider}
      </p>
      <PaymentStatus id={tx.id} initial={tx.status} />
      <Link href="/account/payments">{t("myPayments")} →</Link>
    </div>
  );
}
