import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { BlockEntityButton, DeleteEntityButton } from "@/components/entity-form";
import { OpportunityCard } from "@/components/listing-parts";
import { AppealPanel, ReportForm } from "@/components/moderation";
import { VerificationPanel } from "@/components/verification";
import { currentVerification } from "@/src/modules/verification/service";
import { appealOf } from "@/src/modules/moderation/appeals";
import { Badge, EmptyState } from "@/components/ui";
import { getEntity } from "@/src/modules/entities/service";
import { listOpportunities } from "@/src/modules/opportunities/service";
import { orNotFound, pageContext } from "@/src/platform/auth/page-actor";
import { isModuleEnabled } from "@/src/platform/config/ring-config";
import { requireModule } from "@/src/platform/config/require-module";

export default async function EntityPage({ params }: { params: Promise<{ id: string }> }) {
  requireModule("entities");
  const { id } = await params;
  const ctx = await pageContext();
  const entity = await orNotFound(getEntity(ctx, id));
  const t = await getTranslations("entities");
  const te = await getTranslations("entityTypes");
  const to = await getTranslations("opportunities");
  const listings = isModuleEnabled("opportunities") ? await listOpportunities(ctx, { entityId: id, limit: 50 }) : { items: [] };
  const isOwner = ctx.actor.kind === "user" && ctx.actor.userId === entity.ownerId;
  const canEdit = ctx.actor.role === "admin" || isOwner;
  return (
    <article className="space-y-6">
      <header className="space-y-2">
        <div className="flex flex-wrap gap-2 text-xs">
          <Badge>{te.has(entity.type) ? te(entity.type) : entity.type}</Badge>
          {entity.verified && (
            <Badge tone="green">
              <span data-testid="verified-badge">✓ {t("verified")}</span>
            </Badge>
          )}
          {entity.visibility !== "public" && <Badge tone="amber">{to(`visibility_${entity.visibility}` as "visibility_member")}</Badge>}
        </div>
        <div className="flex items-center gap-3">
          {entity.logoUrl && <img src={entity.logoUrl} alt="" width={56} height={56} className="h-14 w-14 rounded object-cover" />}
          <h1 className="text-3xl font-semibold">{entity.name}</h1>
        </div>
        {entity.shortDescription && <p className="text-lg text-slate-600">{entity.shortDescription}</p>}
        <div className="flex flex-wrap gap-4 text-sm text-slate-600">
          {entity.location && <span>{entity.location}</span>}
          {entity.website && (
            <a href={entity.website} rel="noopener nofollow" target="_blank">
              {t("website")}
            </a>
          )}
          {entity.contactEmail && <a href={`mailto:${entity.contactEmail}`}>{t("contact")}</a>}
        </div>
        {entity.tags.length > 0 && (
          <ul className="flex flex-wrap gap-1">
            {entity.tags.map((tag) => (
              <li key={tag} className="rounded bg-slate-100 px-2 py-0.5 text-xs">
                {tag}
              </li>
            ))}
          </ul>
        )}
        {ctx.actor.kind === "user" && !canEdit && (
          <div className="flex flex-wrap items-start gap-3">
            <BlockEntityButton id={entity.id} />
            {isModuleEnabled("moderation") && <ReportForm targetType="entities" id={entity.id} />}
          </div>
        )}
        {entity.status === "hidden" && isOwner && <AppealPanel entityId={entity.id} appeal={await appealOf(ctx, entity.id)} />}
        {isOwner && isModuleEnabled("verification") && <VerificationPanel entityId={entity.id} procedure={await currentVerification(ctx, entity.id)} />}
        {canEdit && (
          <div className="flex items-center gap-3 text-sm">
            <Link href={`/entities/${entity.id}/edit`}>{t("edit")}</Link>
            <DeleteEntityButton id={entity.id} />
          </div>
        )}
      </header>
      <div className="whitespace-pre-wrap">{entity.description}</div>
      <section>
        <h2 className="mb-3 text-xl font-semibold">{t("openOpportunities")}</h2>
        {listings.items.length === 0 ? (
          <EmptyState>{t("noOpportunities")}</EmptyState>
        ) : (
          <ul className="space-y-3">
            {listings.items.map((item) => (
              <OpportunityCard key={item.id} item={item} />
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
