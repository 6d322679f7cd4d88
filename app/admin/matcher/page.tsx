import { getTranslations } from "next-intl/server";
import { Alert, PageTitle } from "@/components/ui";
import { matcherAnalytics, matcherProvider, WINDOWS } from "@/src/modules/matcher/analytics";
import { adminPageContext } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";

const pct = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)}%`);

export default async function MatcherAnalyticsPage() {
  requireModule("matcher");
  const ctx = await adminPageContext("/admin/matcher");
  const [stats, provider] = await Promise.all([matcherAnalytics(ctx), matcherProvider(ctx)]);
  const t = await getTranslations("matcher");
  return (
    <div className="space-y-6">
      <PageTitle title={t("analytics")} />
      <Alert kind={provider === "local" ? "info" : "success"}>{provider === "local" ? t("localNote") : t("providerNow", { provider })}</Alert>
      <table className="w-full text-left text-sm" data-testid="matcher-analytics">
        <thead className="border-b text-slate-500">
          <tr>
            <th className="py-2">{t("window")}</th>
            <th>{t("runs")}</th>
            <th>{t("avgDuration")}</th>
            <th>{t("avgTop")}</th>
            <th>{t("notifiedCount")}</th>
            <th>{t("readRate")}</th>
            <th>{t("autoRate")}</th>
            <th>{t("reasons")}</th>
          </tr>
        </thead>
        <tbody>
          {(Object.keys(WINDOWS) as (keyof typeof WINDOWS)[]).map((w) => (
            <tr key={w} className="border-b align-top">
              <td className="py-2 font-medium">{w}</td>
              <td>{stats[w].runs}</td>
              <td>{stats[w].avgDurationMs === null ? "—" : `${stats[w].avgDurationMs} ms`}</td>
              <td>{stats[w].avgTopScore ?? "—"}</td>
              <td>{stats[w].notified}</td>
              <td>{pct(stats[w].readRate)}</td>
              <td>{pct(stats[w].autoApprovalRate)}</td>
              <td className="text-xs">
                {Object.entries(stats[w].autoApprovalReasons).map(([reason, n]) => (
                  <div key={reason}>
                    {t(`reason_${reason}` as "reason_approved")}: {n}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
