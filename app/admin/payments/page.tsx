import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { GrantCreditsForm } from "@/components/payments";
import { Badge, Button, Card, EmptyState, Input, PageTitle, Select } from "@/components/ui";
import { adminTransactions } from "@/src/modules/payments/service";
import { PAYMENT_STATUSES, PROVIDERS, PURPOSES, paymentStatusTone } from "@/src/modules/payments/states";
import { adminPageContext } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";
import { flattenParams, isoDateParam, oneOfParam, type RawSearchParams } from "@/src/platform/http/search-params";
import { formatMoney } from "@/src/modules/payments/money";

export const metadata = { title: "Payments" };


export default async function AdminPaymentsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  requireModule("payments");
  const ctx = await adminPageContext("/admin/payments");
  const t = await getTranslations("payments");
  const format = await getFormatter();
  const params = flattenParams(await searchParams);
  const filters = { status: oneOfParam(PAYMENT_STATUSES, params.status), provider: oneOfParam(PROVIDERS, params.provider), purpose: oneOfParam(PURPOSES, params.purpose), flagged: params.flagged === "1" ? ("1" as const) : undefined, from: isoDateParam(params.from), to: isoDateParam(params.to) };
  const { items } = await adminTransactions(ctx, filters);
  return (
    <div className="space-y-6">
      <PageTitle title={t("adminTitle")} />
      <Card>
        <h2 className="mb-2 font-semibold">{t("grantTitle")}</h2>
        <GrantCreditsForm />
      </Card>
      <form className="flex flex-wrap gap-2" aria-label={t("filter")}>
        <Select name="status" defaultValue={filters.status ?? ""} aria-label={t("anyStatus")}>
          <option value="">{t("anyStatus")}</option>
          {PAYMENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status_${s}`)}
            </option>
          ))}
        </Select>
        <Select name="provider" defaultValue={filters.provider ?? ""} aria-label={t("anyProvider")}>
          <option value="">{t("anyProvider")}</option>
          {PROVIDERS.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </Select>
        <Select name="purpose" defaultValue={filters.purpose ?? ""} aria-label={t("anyPurpose")}>
          <option value="">{t("anyPurpose")}</option>
          {PURPOSES.map((p) => (
            <option key={p} value={p}>
              {t(`purpose_${p}`)}
            </option>
          ))}
        </Select>
        <label className="flex items-center gap-1 text-sm">
          {t("from")}
          <Input type="date" name="from" defaultValue={filters.from ?? ""} className="w-40" />
        </label>
        <label className="flex items-center gap-1 text-sm">
          {t("to")}
          <Input type="date" name="to" defaultValue={filters.to ?? ""} className="w-40" />
        </label>
        <label className="flex items-center gap-1 self-center text-sm">
          <input type="checkbox" name="flagged" value="1" defaultChecked={filters.flagged === "1"} />
          {t("flaggedOnly")}
        </label>
        <Button type="submit" variant="secondary">
          {t("filter")}
        </Button>
        <a className="self-center text-sm" href={`/api/v1/admin/payments/transactions.csv?${new URLSearchParams(Object.entries(filters).filter(([, v]) => v) as [string, string][])}`} download>
          {t("exportCsv")}
        </a>
      </form>
      {items.length === 0 ? (
        <EmptyState>{t("none")}</EmptyState>
      ) : (
        <table className="w-full text-left text-sm" data-testid="admin-transactions">
          <tbody>
            {items.map((tx) => (
              <tr key={tx.id} className="border-t align-top">
                <td className="py-1">{format.dateTime(new Date(tx.createdAt), { dateStyle: "short", timeStyle: "short" })}</td>
                <td className="font-mono text-xs">{tx.userId}</td>
                <td>{t(`purpose_${tx.purpose}` as "purpose_membership")}</td>
                <td>
                  {formatMoney(tx.amountMinor, tx.currency)}
                </td>
                <td>{tx.provider}</td>
                <td>
                  <Badge tone={paymentStatusTone(tx.status)}>{t(`status_${tx.status}` as "status_pending")}</Badge>
                  {tx.flagged && (
                    <div className="text-xs text-red-700" data-testid="flagged">
                      {t("flagged", { reason: tx.flagged })}
                    </div>
                  )}
                </td>
                <td>
                  <Link href={`/admin/payments/${tx.id}`}>{t("details")}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
