import { getLocale, getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { OpportunityForm } from "@/components/opportunity-form";
import { Card, PageTitle } from "@/components/ui";
import { opportunityFormOptions } from "@/src/modules/opportunities/form-options";
import { getOpportunityDetail } from "@/src/modules/opportunities/service";
import { orNotFound, pageContext, requirePageUser } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";

export default async function EditOpportunityPage({ params }: { params: Promise<{ id: string }> }) {
  requireModule("opportunities");
  const { id } = await params;
  const ctx = await pageContext(await requirePageUser(`/opportunities/${id}/edit`));
  const item = await orNotFound(getOpportunityDetail(ctx, id));
  if (!item.canManage) notFound();
  const t = await getTranslations("opportunities");
  const options = await opportunityFormOptions(ctx, (await getLocale()) as "en" | "uk");
  return (
    <div className="mx-auto max-w-3xl">
      <PageTitle title={t("formTitleEdit")} />
      <Card>
        <OpportunityForm {...options} initial={item} />
      </Card>
    </div>
  );
}
