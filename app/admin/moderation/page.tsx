import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { LiveRefresh } from "@/components/live";
import { ModerationActions } from "@/components/moderation";
import { Badge, Card, EmptyState, PageTitle } from "@/components/ui";
import { moderationQueue } from "@/src/modules/moderation/queue";
import { adminPageContext } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";

export const metadata = { title: "Moderation" };

export default async function ModerationQueuePage() {
  requireModule("moderation");
  const ctx = await adminPageContext("/admin/moderation");
  const t = await getTranslations("moderation");
  const format = await getFormatter();
  const { items } = await moderationQueue(ctx);
  return (
    <div>
      <PageTitle title={t("title")} />
      <LiveRefresh channel="admin" match={{ types: ["moderation.changed"] }} />
      {items.length === 0 ? (
        <EmptyState>{t("queueEmpty")}</EmptyState>
      ) : (
        <ul className="space-y-4" data-testid="moderation-queue">
          {items.map((item) => (
            <li key={item.subject.id} data-name={item.subject.name}>
              <Card>
                <div className="flex flex-wrap items-center gap-2">
                  <Link href={`/${item.subject.type === "entity" ? "entities" : "opportunities"}/${item.subject.id}`} className="font-semibold">
                    {item.subject.name}
                  </Link>
                  {item.subject.type === "opportunity" && <Badge>{t("listingReport")}</Badge>}
                  {(item.subject.status === "hidden" || item.subject.type === "opportunity") && <Badge tone={item.subject.status === "hidden" ? "red" : "slate"}>{t("status", { status: item.subject.status })}</Badge>}
                  {item.appeal && <Badge tone="blue">{t("appeal")}</Badge>}
                  {item.reportCount > 0 && <Badge tone="amber">{t("severity", { score: item.severity })}</Badge>}
                </div>
                {item.reportCount > 0 && (
                  <p className="mt-1 text-sm text-slate-600">
                    {t("reports", { count: item.reportCount, reporters: item.reporterCount })}
                    {item.oldestAt && ` · ${t("openedAgo", { date: format.relativeTime(new Date(item.oldestAt)) })}`}
                  </p>
                )}
                {item.appeal && (
                  <blockquote className="mt-2 border-l-4 border-sky-300 pl-3 text-sm">
                    <strong>{t("appealFrom")}</strong> {item.appeal.message}
                  </blockquote>
                )}
                <ul className="mt-2 space-y-1 text-sm">
                  {item.reports.map((r) => (
                    <li key={r.id}>
                      <Badge>{t(`cat_${r.category}` as "cat_spam")}</Badge> {r.reason}{" "}
                      <span className="text-slate-500">
                        {t("reportedBy", { name: r.reporterName })}
                        {r.targetType === "opportunity" && (
                          <>
                            {" · "}
                            <Link href={`/opportunities/${r.targetId}`}>{t("listingReport")}</Link>
                          </>
                        )}
                      </span>
                    </li>
                  ))}
                </ul>
                <ModerationActions subject={item.subject} />
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
