import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { RefundForm } from "@/components/payments";
import { Alert, Badge, Card, PageTitle } from "@/components/ui";
import { formatMoney } from "@/src/modules/payments/money";
import { paymentStatusTone } from "@/src/modules/payments/states";
import { adminTransaction } from "@/src/modules/payments/service";
import { adminPageContext, orNotFound } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";

export const metadata = { title: "Payment" };

export default async function AdminPaymentPage({ params }: { params: Promise<{ id: string }> }) {
  requireModule("payments");
  const { id } = await params;
  const ctx = await adminPageContext(`/admin/payments/${id}`);
  const t = await getTranslations("payments");
  const format = await getFormatter();
  const tx = await orNotFound(adminTransaction(ctx, id));
  const when = (iso: string) => format.dateTime(new Date(iso), { dateStyle: "short", timeStyle: "medium" });
  const refundable = tx.status === "succeeded" || tx.status === "partially_refunded";
  return (
    <div className="space-y-6">
      <Link href="/admin/payments">← {t("adminTitle")}</Link>
      <PageTitle title={`${t(`purpose_${tx.purpose}` as "purpose_membership")} · ${formatMoney(tx.amountMinor, tx.currency)}`} />
      <Card>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-600">{t("statusLabel")}</dt>
          <dd>
            <Badge tone={paymentStatusTone(tx.status)}>
              <span data-testid="admin-payment-status">{t(`status_${tx.status}` as "status_pending")}</span>
            </Badge>
          </dd>
          <dt className="text-slate-600">{t("provider")}</dt>
          <dd>
            {tx.provider} <span className="font-mono text-xs">{tx.providerRef}</span>
          </dd>
          <dt className="text-slate-600">{t("userId")}</dt>
          <dd className="font-mono text-xs">{tx.userId}</dd>
          <dt className="text-slate-600">{t("refunded")}</dt>
          <dd data-testid="admin-payment-refunded">{formatMoney(tx.refundedMinor, tx.currency)}</dd>
        </dl>
        {tx.flagged && <Alert kind="warning">{t("flagged", { reason: tx.flagged })}</Alert>}
      </Card>
      {refundable && (
        <Card>
          <h2 className="mb-2 font-semibold">{t("refundTitle")}</h2>
          <RefundForm transactionId={tx.id} currency={tx.currency} leftMinor={tx.amountMinor - tx.refundedMinor} />
        </Card>
      )}
      <section>
        <h2 className="mb-2 font-semibold">{t("history")}</h2>
        <ol className="space-y-1 text-sm">
          {tx.history.map((h, i) => (
            <li key={i}>
              {when(h.at)} — {t(`status_${h.status}` as "status_pending")}
              {h.note && <span className="text-slate-600"> · {h.note}</span>}
            </li>
          ))}
        </ol>
      </section>
      <section>
        <h2 className="mb-2 font-semibold">{t("refunds")}</h2>
        {tx.refunds.length === 0 ? (
          <p className="text-sm text-slate-600">{t("none")}</p>
        ) : (
          <ul className="space-y-1 text-sm" data-testid="admin-refunds">
            {tx.refunds.map((r) => (
              <li key={r.id}>
                {when(r.createdAt)} — {formatMoney(r.amountMinor, tx.currency)} · {t(`refund_${r.status}` as "refund_requested")} · {r.reason}
                {r.error && <span className="text-red-700"> · {r.error}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section>
        <h2 className="mb-2 font-semibold">{t("events")}</h2>
        {tx.events.length === 0 ? (
          <p className="text-sm text-slate-600">{t("none")}</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {tx.events.map((e) => (
              <li key={e.id}>
                {when(e.receivedAt)} — <span className="font-mono text-xs">{e.type}</span> · {t(`outcome_${e.outcome}` as "outcome_applied")}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
