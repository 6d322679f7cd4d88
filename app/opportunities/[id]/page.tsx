import { categoryLabel } from "@/src/modules/opportunities/labels";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { LiveRefresh } from "@/components/live";
import { ApplyForm, StatusButtons } from "@/components/opportunity-actions";
import { ReportForm } from "@/components/moderation";
import { formatBudget } from "@/components/listing-parts";
import { MatchesPanel } from "@/components/matches-panel";
import { Badge, Card } from "@/components/ui";
import { opportunityMatchesView } from "@/src/modules/matcher/service";
import { isModuleEnabled } from "@/src/platform/config/ring-config";
import { getOpportunityDetail } from "@/src/modules/opportunities/service";
import { orNotFound, pageContext } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";

export default async function OpportunityPage({ params }: { params: Promise<{ id: string }> }) {
  requireModule("opportunities");
  const { id } = await params;
  const ctx = await pageContext();
  const item = await orNotFound(getOpportunityDetail(ctx, id));
  const t = await getTranslations("opportunities");
  const tt = await getTranslations("opportunityTypes");
  const locale = (await getLocale()) as "en" | "uk";
  const format = await getFormatter();
  const isAuthor = ctx.actor.kind === "user" && ctx.actor.userId === item.authorId;
  const matches = isModuleEnabled("matcher") && (isAuthor || ctx.actor.role === "admin") ? await opportunityMatchesView(ctx, item.id) : null;
  return (
    <article className="grid gap-6 md:grid-cols-[1fr_20rem]">
      <LiveRefresh channel="discovery:opportunities" match={{ id }} />
      <div className="space-y-4">
        <p className="text-sm">
          <Link href="/opportunities">← {t("backToList")}</Link>
        </p>
        <div className="flex flex-wrap gap-2 text-xs">
          <Badge tone="blue">{tt(`${item.type}.label` as "request.label")}</Badge>
          <Badge>{categoryLabel(item.category, locale)}</Badge>
          <Badge tone={item.status === "active" ? "green" : "amber"}>
            <span data-testid="opportunity-status">{t(`status_${item.status}` as "status_draft")}</span>
          </Badge>
          {item.visibility !== "public" && <Badge tone="amber">{t(`visibility_${item.visibility}` as "visibility_member")}</Badge>}
        </div>
        <h1 className="text-3xl font-semibold">{item.title}</h1>
        {item.entity && (
          <p className="text-sm">
            <Link href={`/entities/${item.entity.id}`}>{item.entity.name}</Link> {item.entity.verified && <Badge tone="green">✓ {t("verified")}</Badge>}
          </p>
        )}
        <div className="whitespace-pre-wrap text-slate-800">{item.description}</div>
        {item.skills.length > 0 && (
          <ul className="flex flex-wrap gap-1" aria-label={t("skills")}>
            {item.skills.map((s) => (
              <li key={s} className="rounded bg-slate-100 px-2 py-0.5 text-sm">
                {s}
              </li>
            ))}
          </ul>
        )}
        <dl className="grid grid-cols-[8rem_1fr] gap-2 text-sm text-slate-600">
          {item.location && <><dt>{t("fieldLocation")}</dt><dd>{item.location}</dd></>}
          {item.remote && <><dt>{t("remote")}</dt><dd>✓</dd></>}
          {item.budget && (
            <>
              <dt>{t("budget")}</dt>
              <dd>{formatBudget(format, item.budget)}</dd>
            </>
          )}
          {item.expiresAt && <><dt>{t("fieldExpires")}</dt><dd>{format.dateTime(new Date(item.expiresAt), { dateStyle: "medium" })}</dd></>}
        </dl>
      </div>
      <aside className="space-y-4">
        {item.canManage && (
          <Card>
            <div className="space-y-3">
              <div className="flex flex-wrap gap-3 text-sm">
                <Link href={`/opportunities/${item.id}/edit`}>{t("edit")}</Link>
                <Link href={`/opportunities/${item.id}/applications`}>{t("applications", { count: item.applicationCount })}</Link>
              </div>
              <StatusButtons id={item.id} allowed={item.allowedStatuses} canDelete={ctx.actor.role === "admin" || item.status === "archived"} />
            </div>
          </Card>
        )}
        {!isAuthor && item.status === "active" && (
          <Card>
            <h2 className="mb-2 font-semibold">{t("applyTitle")}</h2>
            {item.myApplication ? (
              <p data-testid="my-application">
                {t("applied", { date: format.dateTime(new Date(item.myApplication.createdAt), { dateStyle: "medium" }), status: t(`application_${item.myApplication.status}` as "application_submitted") })}
              </p>
            ) : ctx.actor.kind === "user" ? (
              <ApplyForm id={item.id} />
            ) : (
              <Link href={`/sign-in?next=/opportunities/${item.id}`}>{t("signInToApply")}</Link>
            )}
          </Card>
        )}
        {!isAuthor && ctx.actor.kind === "user" && isModuleEnabled("moderation") && <ReportForm targetType="opportunities" id={item.id} />}
        {matches && <MatchesPanel id={item.id} view={matches} admin={ctx.actor.role === "admin"} />}
        {item.canManage && item.timeline.length > 0 && (
          <Card>
            <h2 className="mb-2 font-semibold">{t("timeline")}</h2>
            <ol className="space-y-2 text-sm" data-testid="timeline">
              {item.timeline.map((step) => (
                <li key={step.id}>
                  <span className="font-medium">{t(`status_${step.to}` as "status_draft")}</span>{" "}
                  <span className="text-slate-500">
                    {format.dateTime(new Date(step.at), { dateStyle: "short", timeStyle: "short" })} · {t("timelineBy", { name: step.actorName ?? t("system") })}
                  </span>
                  {step.note && <p className="text-slate-700">“{step.note}”</p>}
                </li>
              ))}
            </ol>
          </Card>
        )}
      </aside>
    </article>
  );
}
