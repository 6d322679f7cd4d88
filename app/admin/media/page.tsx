import { getTranslations } from "next-intl/server";
import { Card, EmptyState, PageTitle } from "@/components/ui";
import { generativeUsage } from "@/src/modules/generative/media";
import { adminPageContext } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";

export const metadata = { title: "Generation usage" };

const usd = (n: number) => `$${n.toFixed(n < 1 ? 4 : 2)}`;

export default async function AdminMediaPage() {
  requireModule("generative");
  const ctx = await adminPageContext("/admin/media");
  const t = await getTranslations("media");
  const usage = await generativeUsage(ctx);
  return (
    <div className="space-y-4">
      <PageTitle title={t("usageTitle")} intro={t("usageIntro")} />
      <p data-testid="usage-total">{t("totalCost", { cost: usd(usage.totalUsd) })}</p>
      {usage.byDay.length === 0 ? (
        <EmptyState>{t("noUsage")}</EmptyState>
      ) : (
        <div className="grid gap-4 md:grid-cols-2">
          <Card>
            <table className="w-full text-sm" data-testid="usage-by-day">
              <thead>
                <tr className="text-left">
                  <th>{t("day")}</th>
                  <th>{t("kind")}</th>
                  <th>{t("units")}</th>
                  <th>{t("failed")}</th>
                  <th>{t("cost")}</th>
                </tr>
              </thead>
              <tbody>
                {usage.byDay.map((r) => (
                  <tr key={`${r.day}-${r.kind}`}>
                    <td>{r.day}</td>
                    <td>{t(`kind_${r.kind}` as "kind_image")}</td>
                    <td>{r.units}</td>
                    <td>{r.failed}</td>
                    <td>{usd(r.costUsd)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
          <Card>
            <table className="w-full text-sm" data-testid="usage-by-user">
              <thead>
                <tr className="text-left">
                  <th>{t("who")}</th>
                  <th>{t("units")}</th>
                  <th>{t("cost")}</th>
                </tr>
              </thead>
              <tbody>
                {usage.byUser.map((r) => (
                  <tr key={r.userId ?? "ring"}>
                    <td>{r.email ?? t("ring")}</td>
                    <td>{r.units}</td>
                    <td>{usd(r.costUsd)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        </div>
      )}
    </div>
  );
}
