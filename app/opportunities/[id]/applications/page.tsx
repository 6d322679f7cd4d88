import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ApplicationButtons } from "@/components/opportunity-actions";
import { Badge, EmptyState, PageTitle } from "@/components/ui";
import { getOpportunityDetail, listApplications } from "@/src/modules/opportunities/service";
import { orNotFound, pageContext, requirePageUser } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";

export default async function ApplicationsPage({ params }: { params: Promise<{ id: string }> }) {
  requireModule("opportunities");
  const { id } = await params;
  const ctx = await pageContext(await requirePageUser(`/opportunities/${id}/applications`));
  const item = await orNotFound(getOpportunityDetail(ctx, id));
  if (!item.canManage) notFound();
  const { items } = await listApplications(ctx, id);
  const t = await getTranslations("opportunities");
  const format = await getFormatter();
  return (
    <div>
      <p className="mb-2 text-sm">
        <Link href={`/opportunities/${id}`}>← {item.title}</Link>
      </p>
      <PageTitle title={t("applications", { count: items.length })} />
      {items.length === 0 ? (
        <EmptyState>{t("noApplications")}</EmptyState>
      ) : (
        <ul className="space-y-3" data-testid="applications">
          {items.map((a) => (
            <li key={a.id} className="rounded-lg border border-slate-200 bg-white p-4">
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <strong>{a.applicantName}</strong>
                <a href={`mailto:${a.applicantEmail}`}>{a.applicantEmail}</a>
                <Badge tone={a.status === "shortlisted" ? "green" : a.status === "declined" ? "red" : "slate"}>{t(`application_${a.status}` as "application_submitted")}</Badge>
                <span className="text-slate-500">{format.dateTime(new Date(a.createdAt), { dateStyle: "medium" })}</span>
              </div>
              <p className="mt-2 whitespace-pre-wrap text-sm">{a.message}</p>
              <div className="mt-2">
                <ApplicationButtons id={a.id} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
