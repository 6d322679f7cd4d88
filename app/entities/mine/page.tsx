import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { EntityCard } from "@/components/listing-parts";
import { EmptyState, PageTitle } from "@/components/ui";
import { listEntities } from "@/src/modules/entities/service";
import { hasRole } from "@/src/platform/auth/roles";
import { pageContext, requirePageUser } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";

export default async function MyEntitiesPage() {
  requireModule("entities");
  const actor = await requirePageUser("/entities/mine");
  const { items } = await listEntities(await pageContext(actor), { mine: true, limit: 100 });
  const t = await getTranslations("entities");
  return (
    <div>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <PageTitle title={t("mine")} />
        {hasRole(actor.role, "member") && (
          <Link href="/entities/new" className="rounded-md bg-primary px-3 py-1.5 text-sm text-white no-underline hover:no-underline">
            {t("new")}
          </Link>
        )}
      </div>
      {items.length === 0 ? (
        <EmptyState>{t("empty")}</EmptyState>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {items.map((item) => (
            <EntityCard key={item.id} item={item} />
          ))}
        </ul>
      )}
    </div>
  );
}
