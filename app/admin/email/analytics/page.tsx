import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { Card, EmptyState, PageTitle } from "@/components/ui";
import { analyticsDays, recentModelCalls } from "@/src/modules/email/analytics";
import { adminPageContext } from "@/src/platform/auth/page-actor";
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

function Stat({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-slate-600">{label}</dt>
      <dd className="text-lg font-semibold">{children}</dd>
    </div>
  );
}

export default async function InboxAnalyticsPage() {
  requireModule("email-crm");
  const ctx = await adminPageContext("/admin/email/analytics");
  const t = await getTranslations("email");
  const format = await getFormatter();
  const [{ items }, { items: calls }] = await Promise.all([analyticsDays(ctx), recentModelCalls(ctx)]);
  const days = [...items].reverse();
  const sum = (pick: (d: (typeof items)[number]) => number) => items.reduce((s, d) => s + pick(d), 0);
  const received = sum((d) => d.received);
  const decided = sum((d) => d.draftsApproved + d.draftsEdited + d.draftsRejected);
  const total = (pick: (d: (typeof items)[number]) => Record<string, number>) =>
    items.reduce<Record<string, number>>((acc, d) => {
      for (const [k, v] of Object.entries(pick(d))) acc[k] = (acc[k] ?? 0) + v;
      return acc;
    }, {});
  const intents = total((d) => d.intents);
  const sentiments = total((d) => d.sentiments);
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
              <Stat label={t("received")}>{received}</Stat>
              <Stat label={t("sentCount")}>{sum((d) => d.sent)}</Stat>
              <Stat label={t("approvalRate")}>{decided ? `${Math.round((sum((d) => d.draftsApproved + d.draftsEdited) / decided) * 100)} %` : "—"}</Stat>
              <Stat label={t("editRate")}>{decided ? `${Math.round((sum((d) => d.draftsEdited) / decided) * 100)} %` : "—"}</Stat>
              <Stat label={t("autoSentCount")}>{sum((d) => d.autoSent)}</Stat>
              <Stat label={t("aiCalls")}>{sum((d) => d.aiCalls)}</Stat>
              <Stat label={t("aiCost")}>{format.number(sum((d) => d.aiCostUsd), { style: "currency", currency: "USD", maximumFractionDigits: 4 })}</Stat>
              <Stat label={t("costPerEmail")}>{received ? format.number(sum((d) => d.aiCostUsd) / received, { style: "currency", currency: "USD", maximumFractionDigits: 4 }) : "—"}</Stat>
            </dl>
          </Card>
          <div className="grid gap-4 md:grid-cols-2">
            <Card>
              <Bars rows={days} value={(d) => d.received} label={t("received")} />
            </Card>
            <Card>
              <Bars rows={days} value={(d) => d.medianFirstResponseMinutes ?? 0} label={t("firstResponse")} />
            </Card>
            <Card>
              <Bars rows={days} value={(d) => d.medianResolutionMinutes ?? 0} label={t("resolution")} />
            </Card>
            <Card>
              <Bars rows={days} value={(d) => d.draftsApproved + d.draftsEdited} label={t("draftsAccepted")} />
            </Card>
          </div>
          <div className="grid gap-4 md:grid-cols-2">
            {([["intent", intents], ["sentiment", sentiments]] as const).map(([label, counts]) => (
              <Card key={label}>
                <h2 className="mb-1 text-sm font-medium">{t(label)}</h2>
                <ul className="text-sm" data-testid={`email-${label}s`}>
                  {Object.entries(counts)
                    .sort((a, b) => b[1] - a[1])
                    .map(([key, n]) => (
                      <li key={key}>
                        {key.replace(/_/g, " ")}: {n}
                      </li>
                    ))}
                </ul>
              </Card>
            ))}
          </div>
        </>
      )}
      <Card>
        <h2 className="mb-2 text-sm font-medium">{t("modelCalls")}</h2>
        {calls.length === 0 ? (
          <p className="text-sm text-slate-600">{t("noModelCalls")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-xs" data-testid="model-calls">
              <thead>
                <tr className="text-slate-600">
                  <th className="py-1">{t("callAt")}</th>
                  <th>{t("callPurpose")}</th>
                  <th>{t("callModel")}</th>
                  <th>{t("callTokens")}</th>
                  <th>{t("aiCost")}</th>
                  <th>{t("callLatency")}</th>
                  <th>{t("callStatus")}</th>
                </tr>
              </thead>
              <tbody>
                {calls.map((c, i) => (
                  <tr key={`${c.at}-${i}`} className="border-t border-slate-100">
                    <td className="py-1">{format.dateTime(new Date(c.at), { dateStyle: "short", timeStyle: "medium" })}</td>
                    <td>{c.purpose}</td>
                    <td>
                      {c.provider} / {c.model}
                    </td>
                    <td>{c.inputTokens === null ? "—" : `${c.inputTokens} + ${c.outputTokens ?? 0}`}</td>
                    <td>{c.costUsd === null ? "—" : format.number(c.costUsd, { style: "currency", currency: "USD", maximumFractionDigits: 5 })}</td>
                    <td>{c.latencyMs === null ? "—" : `${c.latencyMs} ms`}</td>
                    <td title={c.error ?? undefined}>{c.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
