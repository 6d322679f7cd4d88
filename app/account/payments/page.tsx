import { getFormatter, getTranslations } from "next-intl/server";
import { CheckoutButtons } from "@/components/payments";
import { Badge, Card, PageTitle } from "@/components/ui";
import { enabledProviders } from "@/src/modules/payments/providers";
import { myCredits, myTransactions } from "@/src/modules/payments/service";
import { pageContext, requirePageUser } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";
import { formatMoney } from "@/src/modules/payments/money";
import { parseCreditPacks } from "@/src/modules/payments/states";
import { getSetting } from "@/src/platform/settings/resolve";

export const metadata = { title: "My payments" };

export default async function MyPaymentsPage() {
  requireModule("payments");
  const ctx = await pageContext(await requirePageUser("/account/payments"));
  const t = await getTranslations("payments");
  const format = await getFormatter();
  const [credits, transactions, packs] = await Promise.all([myCredits(ctx), myTransactions(ctx), getSetting<string>(ctx.db, "PAYMENTS_CREDIT_PACKS")]);
  const on = enabledProviders();
  return (
    <div className="space-y-6">
      <PageTitle title={t("myPayments")} />
      <Card>
        <p className="text-lg font-semibold" data-testid="credit-balance">
          {t("balance", { balance: credits.balance })}
        </p>
        <p className="text-sm text-slate-600" data-testid="credits-currency">
          {t("creditsCurrency", { currency: credits.currency })}
          {Object.entries(credits.rates).map(([other, rate]) => ` · ${t("creditsRate", { rate: String(rate), currency: other })}`)}
        </p>
        <h2 className="mt-3 font-semibold">{t("topUp")}</h2>
        <CheckoutButtons purpose="credits" providers={(["stripe", "wayforpay"] as const).filter((p) => on[p])} packs={parseCreditPacks(packs)} />
      </Card>
      <Card>
        <h2 className="mb-2 font-semibold">{t("transactions")}</h2>
        {transactions.items.length === 0 ? (
          <p className="text-sm text-slate-500">{t("none")}</p>
        ) : (
          <table className="w-full text-left text-sm" data-testid="my-transactions">
            <tbody>
              {transactions.items.map((tx) => (
                <tr key={tx.id} className="border-t">
                  <td className="py-1">{format.dateTime(new Date(tx.createdAt), { dateStyle: "medium", timeStyle: "short" })}</td>
                  <td>{t(`purpose_${tx.purpose}` as "purpose_membership")}</td>
                  <td>
                    {formatMoney(tx.amountMinor, tx.currency)}
                  </td>
                  <td>{tx.provider}</td>
                  <td>
                    <Badge>{t(`status_${tx.status}` as "status_pending")}</Badge>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <Card>
        <h2 className="mb-2 font-semibold">{t("entries")}</h2>
        {credits.entries.length === 0 ? (
          <p className="text-sm text-slate-500">{t("none")}</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {credits.entries.map((e) => (
              <li key={e.id}>
                <span className={e.amount >= 0 ? "text-emerald-700" : "text-red-700"}>{e.amount > 0 ? `+${e.amount}` : e.amount}</span> · {e.reason} · {format.dateTime(new Date(e.createdAt), { dateStyle: "medium" })}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
