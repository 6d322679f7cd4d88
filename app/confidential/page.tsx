import { getTranslations } from "next-intl/server";
import { EntityCard, OpportunityCard } from "@/components/listing-parts";
import { EmptyState, PageTitle } from "@/components/ui";
import { listEntities } from "@/src/modules/entities/service";
import { listOpportunities } from "@/src/modules/opportunities/service";
import { pageContext } from "@/src/platform/auth/page-actor";
import { isModuleEnabled } from "@/src/platform/config/ring-config";

export default async function ConfidentialHub() {
  const ctx = await pageContext();
  const t = await getTranslations("confidential");
  const [entities, listings] = await Promise.all([
    isModuleEnabled("entities") ? listEntities(ctx, { visibility: "confidential", limit: 50 }) : { items: [] },
    isModuleEnabled("opportunities") ? listOpportunities(ctx, { visibility: "confidential", limit: 50 }) : { items: [] },
  ]);
  return (
    <div className="space-y-8">
      <PageTitle title={t("title")} intro={t("intro")} />
      <section>
        <h2 className="mb-3 text-xl font-semibold">{t("opportunities")}</h2>
        {listings.items.length === 0 ? (
          <EmptyState>{t("empty")}</EmptyState>
        ) : (
          <ul className="space-y-3">
            {listings.items.map((item) => (
              <OpportunityCard key={item.id} item={item} />
            ))}
          </ul>
        )}
      </section>
      <section>
        <h2 className="mb-3 text-xl font-semibold">{t("entities")}</h2>
        {entities.items.length === 0 ? (
          <EmptyState>{t("empty")}</EmptyState>
        ) : (
          <ul className="grid gap-3 sm:grid-cols-2">
            {entities.items.map((item) => (
              <EntityCard key={item.id} item={item} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
