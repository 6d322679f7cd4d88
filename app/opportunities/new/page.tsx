import { getLocale, getTranslations } from "next-intl/server";
import { OpportunityForm } from "@/components/opportunity-form";
import { Card, PageTitle } from "@/components/ui";
import { opportunityFormOptions } from "@/src/modules/opportunities/form-options";
import { pageContext, requirePageUser } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";

export default async function NewOpportunityPage() {
  requireModule("opportunities");
  const actor = await requirePageUser("/opportunities/new");
  const t = await getTranslations("opportunities");
  const options = await opportunityFormOptions(await pageContext(actor), (await getLocale()) as "en" | "uk");
  return (
    <div className="mx-auto max-w-3xl">
      <PageTitle title={t("formTitleNew")} />
      <Card>
        <OpportunityForm {...options} />
      </Card>
    </div>
  );
}
