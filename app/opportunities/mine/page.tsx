import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { OpportunityCard } from "@/components/listing-parts";
import { Badge, EmptyState, PageTitle } from "@/components/ui";
import { MY_VIEWS } from "@/src/modules/opportunities/inputs";
import { myApplications, myOpportunities } from "@/src/modules/opportunities/service";
import { orNotFound, pageContext, requirePageUser } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";

export default async function MyOpportunitiesPage({ searchParams }: { searchParams: Promise<{ view?: string; cursor?: string }> }) {
  requireModule("opportunities");
  const ctx = await pageContext(await requirePageUser("/opportunities/mine"));
  const params = await searchParams;
  const view = MY_VIEWS.find((v) => v === params.view) ?? "all";
  const t = await getTranslations("opportunities");
  const tc = await getTranslations("common");
  const format = await getFormatter();
  const [mine, applications] = await Promise.all([orNotFound(myOpportunities(ctx, { view, cursor: params.cursor, limit: 20 })), myApplications(ctx)]);
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <PageTitle title={t("mine")} />
        <Link href="/opportunities/new" className="rounded-md bg-primary px-3 py-1.5 text-sm text-white no-underline hover:no-underline">
          {t("new")}
        </Link>
      </div>
      <nav className="flex flex-wrap gap-2" aria-label={t("mine")}>
        {MY_VIEWS.map((v) => (
          <Link key={v} href={`?view=${v}`} aria-current={v === view ? "page" : undefined} className={`rounded-full border px-3 py-1 text-sm no-underline ${v === view ? "border-primary bg-primary text-white" : "border-slate-300 text-slate-700"}`} data-testid={`view-${v}`}>
            {t(`view_${v}`)} <span className="opacity-75">({mine.counts[v] ?? 0})</span>
          </Link>
        ))}
      </nav>
      {mine.items.length === 0 ? (
        <EmptyState>{tc("empty")}</EmptyState>
      ) : (
        <ul className="space-y-3">
          {mine.items.map((item) => (
            <OpportunityCard key={item.id} item={item} />
          ))}
        </ul>
      )}
      {mine.nextCursor && <Link href={`?view=${view}&cursor=${mine.nextCursor}`}>{tc("next")} →</Link>}
      <section>
        <h2 className="mb-3 text-xl font-semibold">{t("myApplications")}</h2>
        {applications.items.length === 0 ? (
          <EmptyState>{tc("empty")}</EmptyState>
        ) : (
          <ul className="space-y-2" data-testid="my-applications">
            {applications.items.map((a) => (
              <li key={a.id} className="flex flex-wrap items-center gap-2 rounded border border-slate-200 bg-white p-3 text-sm">
                <Link href={`/opportunities/${a.opportunityId}`}>{a.title}</Link>
                <Badge tone={a.status === "shortlisted" ? "green" : a.status === "declined" ? "red" : "slate"}>{t(`application_${a.status}` as "application_submitted")}</Badge>
                <span className="text-slate-500">{format.dateTime(new Date(a.createdAt), { dateStyle: "medium" })}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
