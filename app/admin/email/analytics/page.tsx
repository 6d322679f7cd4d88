import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { Card, EmptyState, PageTitle } from "@/components/ui";
import { analyticsDays } from "@/src/modules/email/analytics";
import { pageContext } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";

export const metadata = { title: "Inbox analytics" };

/** Bars in plain CSS: one row per day, scaled to the busiest day. */
function Bars<T extends { day: string }>({ rows, value, label }: { rows: T[]; value: (r: T) => number; label: string }) {
  const values = rows.map(value);
  const max = Math.max(1, ...values);
  return (
    <figure>
      <figcaption className="mb-1 text-sm font-medium">{label}</figcaption>
      <ul className="space-y-0.5">
        {rows.map((r, i) => (
          <li key={r.day} className="flex items-center gap-2 text-xs">
            <span className="w-20 text-slate-600">{r.day.slice(5)}</span>
            <span className="h-3 rounded bg-primary" style={{ width: `${(values[i] / max) * 100}%`, minWidth: values[i] ? 2 : 0 }} />
            <span>{values[i]}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

export default async function InboxAnalyticsPage() {
  requireModule("email-crm");
  const ctx = await pageContext();
  const t = await getTranslations("email");
  const { items } = await analyticsDays(ctx);
  const days = [...items].reverse();
  const sum = (pick: (d: (typeof items)[number]) => number) => items.reduce((s, d) => s + pick(d), 0);
  const decided = sum((d) => d.draftsApproved + d.draftsEdited + d.draftsRejected);
  const intents = items.reduce<Record<string, number>>((acc, d) => {
    for (const [k, v] of Object.entries(d.intents)) acc[k] = (acc[k] ?? 0) + v;
    return acc;
  }, {});
  return (
    <div className="space-y-4">
      <Link href="/admin/email">← {t("back")}</Link>
      <PageTitle title={t("analytics")} intro={t("analyticsIntro")} />
      {items.length === 0 ? (
        <EmptyState>{t("noAnalytics")}</EmptyState>
      ) : (
        <>
          <Card>
            <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4" data-testid="email-totals">
              <div>
                <dt className="text-slate-600">{t("received")}</dt>
                <dd className="text-lg font-semibold">{sum((d) => d.received)}</dd>
              </div>
              <div>
                <dt className="text-slate-600">{t("sentCount")}</dt>
                <dd className="text-lg font-semibold">{sum((d) => d.sent)}</dd>
              </div>
              <div>
                <dt className="text-slate-600">{t("approvalRate")}</dt>
                <dd className="text-lg font-semibold">{decided ? `${Math.round((sum((d) => d.draftsApproved + d.draftsEdited) / decided) * 100)} %` : "—"}</dd>
              </div>
              <div>
                <dt className="text-slate-600">{t("editRate")}</dt>
                <dd className="text-lg font-semibold">{decided ? `${Math.round((sum((d) => d.draftsEdited) / decided) * 100)} %` : "—"}</dd>
              </div>
            </dl>
          </Card>
          <div className="grid gap-4 md:grid-cols-2">
            <Card>
              <Bars rows={days} value={(d) => d.received} label={t("received")} />
            </Card>
            <Card>
              <Bars rows={days} value={(d) => d.medianFirstResponseMinutes ?? 0} label={t("firstResponse")} />
            </Card>
          </div>
          <Card>
            <h2 className="mb-1 text-sm font-medium">{t("intent")}</h2>
            <ul className="text-sm">
              {Object.entries(intents)
                .sort((a, b) => b[1] - a[1])
                .map(([intent, n]) => (
                  <li key={intent}>
                    {intent.replace(/_/g, " ")}: {n}
                  </li>
                ))}
            </ul>
          </Card>
        </>
      )}
    </div>
  );
}
