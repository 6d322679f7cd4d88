import { getFormatter, getTranslations } from "next-intl/server";
import { OneFieldForm, VendorDecisionForm } from "@/components/store";
import { Badge, Button, Card, EmptyState, Input, PageTitle } from "@/components/ui";
import { formatMoney } from "@/src/modules/payments/money";
import { financeSummary, pendingPayouts } from "@/src/modules/store/payouts";
import { listVendors } from "@/src/modules/store/vendors";
import { adminPageContext } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";
import { flattenParams, isoDateParam, type RawSearchParams } from "@/src/platform/http/search-params";

export const metadata = { title: "Store" };


export default async function AdminStorePage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  requireModule("store");
  const ctx = await adminPageContext("/admin/store");
  const t = await getTranslations("store");
  const format = await getFormatter();
  const params = flattenParams(await searchParams);
  const period = { from: isoDateParam(params.from), to: isoDateParam(params.to) };
  const [vendors, payouts, finance] = await Promise.all([listVendors(ctx, {}), pendingPayouts(ctx), financeSummary(ctx, period)]);
  const applications = vendors.items.filter((v) => v.status === "applied");
  const others = vendors.items.filter((v) => v.status !== "applied");
  return (
    <div className="space-y-6">
      <PageTitle title={t("adminTitle")} />
      <Card>
        <h2 className="mb-2 font-semibold">{t("applications")}</h2>
        {applications.length === 0 ? (
          <p className="text-sm text-slate-600">{t("noApplications")}</p>
        ) : (
          <ul className="space-y-3" data-testid="vendor-applications">
            {applications.map((v) => (
              <li key={v.id} className="space-y-1 border-t pt-2">
                <p>
                  <a href={`/entities/${v.entityId}`}>{v.entityName}</a> · {v.payoutMethod === "bank" ? `${t("payoutBank")}: ${v.payoutDetails.accountHolder ?? ""} ${v.payoutDetails.iban ?? ""}` : t("payoutCredits")}
                </p>
                <VendorDecisionForm vendorId={v.id} status={v.status} tier={v.tier} />
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card>
        <h2 className="mb-2 font-semibold">{t("vendors")}</h2>
        {others.length === 0 ? (
          <EmptyState>{t("noApplications")}</EmptyState>
        ) : (
          <ul className="space-y-2">
            {others.map((v) => (
              <li key={v.id} className="flex flex-wrap items-center gap-2 border-t pt-2">
                <a href={`/store/vendors/${v.id}`}>{v.entityName}</a>
                <Badge tone={v.status === "approved" ? "green" : "slate"}>{t(`vendorStatus_${v.status}` as "vendorStatus_applied")}</Badge>
                {v.status !== "rejected" && <VendorDecisionForm vendorId={v.id} status={v.status} tier={v.tier} />}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card>
        <h2 className="mb-2 font-semibold">{t("pendingPayouts")}</h2>
        {payouts.items.length === 0 ? (
          <p className="text-sm text-slate-600">{t("noPendingPayouts")}</p>
        ) : (
          <ul className="space-y-2" data-testid="pending-payouts">
            {payouts.items.map((p) => (
              <li key={p.id} className="space-y-1 border-t pt-2">
                <p>
                  {p.vendorName} — <strong>{formatMoney(p.netMinor, p.currency)}</strong> · {format.dateTime(new Date(p.createdAt), { dateStyle: "medium" })} · {p.payoutDetails.accountHolder} {p.payoutDetails.iban}
                </p>
                <OneFieldForm path={`/api/v1/admin/store/payouts/${p.id}/paid`} field="reference" label={t("reference")} button={t("markPaid")} />
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card>
        <h2 className="mb-2 font-semibold">{t("finance")}</h2>
        <form className="mb-3 flex flex-wrap items-center gap-2">
          <label className="text-sm">
            {t("from")} <Input type="date" name="from" defaultValue={period.from ?? ""} className="w-40" />
          </label>
          <label className="text-sm">
            {t("to")} <Input type="date" name="to" defaultValue={period.to ?? ""} className="w-40" />
          </label>
          <Button type="submit" variant="secondary">
            {t("apply_filter")}
          </Button>
        </form>
        {finance.items.length === 0 ? (
          <p className="text-sm text-slate-600">{t("empty")}</p>
        ) : (
          <table className="w-full text-left text-sm" data-testid="finance">
            <thead>
              <tr>
                <th>{t("currency")}</th>
                <th>{t("gmv")}</th>
                <th>{t("refunds")}</th>
                <th>{t("commissionEarned")}</th>
                <th>{t("paidOut")}</th>
                <th>{t("payable")}</th>
              </tr>
            </thead>
            <tbody>
              {finance.items.map((f) => (
                <tr key={f.currency} className="border-t">
                  <td>{f.currency}</td>
                  <td>{formatMoney(f.gmvMinor, f.currency)}</td>
                  <td>{formatMoney(f.refundsMinor, f.currency)}</td>
                  <td>{formatMoney(f.commissionMinor, f.currency)}</td>
                  <td>{formatMoney(f.paidOutMinor, f.currency)}</td>
                  <td>{formatMoney(f.payableMinor, f.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
