import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { LiveRefresh } from "@/components/live";
import { Badge, Button, Card, EmptyState, PageTitle, Select } from "@/components/ui";
import { VerificationReview } from "@/components/verification";
import { verificationQueue } from "@/src/modules/verification/service";
import { VERIFICATION_STATUSES } from "@/src/modules/verification/states";
import { ENTITY_TYPES } from "@/src/modules/entities/types";
import { adminPageContext } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";
import { flattenParams, type RawSearchParams } from "@/src/platform/http/search-params";

export const metadata = { title: "Verification queue" };

export default async function VerificationQueuePage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  requireModule("verification");
  const ctx = await adminPageContext("/admin/verifications");
  const t = await getTranslations("verification");
  const params = flattenParams(await searchParams);
  const status = (VERIFICATION_STATUSES as readonly string[]).includes(params.status ?? "") ? (params.status as (typeof VERIFICATION_STATUSES)[number]) : undefined;
  const type = (ENTITY_TYPES as readonly string[]).includes(params.type ?? "") ? params.type : undefined;
  const te = await getTranslations("entityTypes");
  const { items } = await verificationQueue(ctx, { status, type });
  return (
    <div>
      <PageTitle title={t("queueTitle")} />
      <LiveRefresh channel="admin" match={{ types: ["verification.changed"] }} />
      <form className="mb-4 flex gap-2" aria-label={t("filter")}>
        <Select name="status" defaultValue={status ?? ""} aria-label={t("filter")}>
          <option value="">{t("anyStatus")}</option>
          {VERIFICATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status_${s}`)}
            </option>
          ))}
        </Select>
        <Select name="type" defaultValue={type ?? ""} aria-label={t("type")}>
          <option value="">{t("anyType")}</option>
          {ENTITY_TYPES.map((ty) => (
            <option key={ty} value={ty}>
              {te.has(ty) ? te(ty) : ty}
            </option>
          ))}
        </Select>
        <Button type="submit" variant="secondary">
          {t("filter")}
        </Button>
      </form>
      {items.length === 0 ? (
        <EmptyState>{t("queueEmpty")}</EmptyState>
      ) : (
        <ul className="space-y-4" data-testid="verification-queue">
          {items.map((p) => (
            <li key={p.id} data-name={p.entity.name}>
              <Card>
                <div className="flex flex-wrap items-center gap-2">
                  <Link href={`/entities/${p.entity.id}`} className="font-semibold">
                    {p.entity.name}
                  </Link>
                  <Badge>{t(`status_${p.status}`)}</Badge>
                  <span className="text-xs text-slate-500">{t("number", { number: p.number, attempt: p.attempt })}</span>
                  {p.claimedBy && <span className="text-xs text-slate-500">{t("claimedBy", { name: p.claimedBy.name ?? "" })}</span>}
                </div>
                <VerificationReview procedure={p} mine={p.status === "under_review" && p.claimedBy?.id === ctx.actor.userId} />
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
