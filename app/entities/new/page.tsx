import { getTranslations } from "next-intl/server";
import { EntityForm } from "@/components/entity-form";
import { Alert, Card, PageTitle } from "@/components/ui";
import { ENTITY_TYPES } from "@/src/modules/entities/types";
import { visibilitiesFor } from "@/src/platform/access/visibility";
import { hasRole } from "@/src/platform/auth/roles";
import { requirePageUser } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";

export default async function NewEntityPage() {
  requireModule("entities");
  const actor = await requirePageUser("/entities/new");
  const t = await getTranslations("entities");
  return (
    <div className="mx-auto max-w-3xl">
      <PageTitle title={t("formTitleNew")} />
      {hasRole(actor.role, "member") ? (
        <Card>
          <EntityForm types={ENTITY_TYPES} visibilities={visibilitiesFor(actor)} />
        </Card>
      ) : (
        <Alert kind="warning">{t("needsMember")}</Alert>
      )}
    </div>
  );
}
