import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { LiveRefresh } from "@/components/live";
import { ReviewButtons } from "@/components/opportunity-actions";
import { Badge, EmptyState, PageTitle } from "@/components/ui";
import { reviewQueueWithMatches } from "@/src/modules/matcher/service";
import { adminPageContext } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";

export default async function ReviewQueuePage() {
  requireModule("opportunities");
  const ctx = await adminPageContext("/admin/opportunities");
  const { items } = await reviewQueueWithMatches(ctx);
  const t = await getTranslations("opportunities");
  const tt = await getTranslations("opportunityTypes");
  const tm = await getTranslations("matcher");
  const format = await getFormatter();
  return (
    <div>
      <PageTitle title={t("queueTitle")} />
      <LiveRefresh channel="admin" match={{ types: ["review.changed"] }} />
      {items.length === 0 ? (
        <EmptyState>{t("queueEmpty")}</EmptyState>
      ) : (
        <ul className="space-y-4" data-testid="review-queue">
          {items.map((item) => (
            <li key={item.id} className="rounded-lg border border-slate-200 bg-white p-4" data-title={item.title}>
              <div className="flex flex-wrap items-center gap-2 text-xs">
                <Badge tone="blue">{tt(`${item.type}.label` as "request.label")}</Badge>
                {item.visibility !== "public" && <Badge tone="amber">{t(`visibility_${item.visibility}` as "visibility_member")}</Badge>}
                <span className="text-slate-500">
                  {item.author.name} · {item.author.email} · {format.dateTime(new Date(item.updatedAt), { dateStyle: "short", timeStyle: "short" })}
                </span>
              </div>
              <h2 className="mt-1 text-lg font-semibold">
                <Link href={`/opportunities/${item.id}`}>{item.title}</Link>
              </h2>
              <p className="mb-2 line-clamp-3 text-sm text-slate-700">{item.description}</p>
              <p className="mb-3 flex flex-wrap gap-2 text-xs">
                {item.bestMatchScore !== null && <Badge tone="blue">{tm("bestScore", { score: item.bestMatchScore })}</Badge>}
                {item.autoApprovalReason && <Badge tone="amber">{tm(`reason_${item.autoApprovalReason}` as "reason_approved")}</Badge>}
              </p>
              <ReviewButtons id={item.id} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
