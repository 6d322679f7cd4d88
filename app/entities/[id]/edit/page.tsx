import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { EntityForm } from "@/components/entity-form";
import { Card, PageTitle } from "@/components/ui";
import { getEntity } from "@/src/modules/entities/service";
import { ENTITY_TYPES } from "@/src/modules/entities/types";
import { visibilitiesFor } from "@/src/platform/access/visibility";
import { orNotFound, pageContext, requirePageUser } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";

export default async function EditEntityPage({ params }: { params: Promise<{ id: string }> }) {
  requireModule("entities");
  const { id } = await params;
  const actor = await requirePageUser(`/entities/${id}/edit`);
  const entity = await orNotFound(getEntity(await pageContext(actor), id));
  if (actor.role !== "admin" && actor.userId !== entity.ownerId) notFound();
  const t = await getTranslations("entities");
  return (
    <div className="mx-auto max-w-3xl">
      <PageTitle title={t("formTitleEdit")} />
      <Card>
        <EntityForm initial={entity} types={ENTITY_TYPES} visibilities={visibilitiesFor(actor)} />
      </Card>
    </div>
  );
}
