import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { EntityCard, withParams } from "@/components/listing-parts";
import { Alert, Button, EmptyState, Input, PageTitle, Select } from "@/components/ui";
import { listEntities } from "@/src/modules/entities/service";
import { ENTITY_TYPES } from "@/src/modules/entities/types";
import { hasRole } from "@/src/platform/auth/roles";
import { pageContext } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";
import { DomainError } from "@/src/platform/http/errors";
import { flattenParams, type RawSearchParams } from "@/src/platform/http/search-params";

export const metadata = { title: "Organisations" };

export default async function EntitiesDirectory({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  requireModule("entities");
  const params = flattenParams(await searchParams);
  const ctx = await pageContext();
  const t = await getTranslations("entities");
  const te = await getTranslations("entityTypes");
  const tc = await getTranslations("common");
  let result: Awaited<ReturnType<typeof listEntities>> = { items: [], nextCursor: null };
  let error: string | null = null;
  try {
    result = await listEntities(ctx, { ...params, limit: 24 });
  } catch (e) {
    if (!(e instanceof DomainError) && !(e instanceof Error && e.name === "ZodError")) throw e;
    error = e instanceof DomainError ? e.message : "Some filters are invalid";
  }
  return (
    <div>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <PageTitle title={t("title")} intro={t("intro")} />
        <div className="flex gap-3 text-sm">
          {ctx.actor.kind === "user" && <Link href="/entities/mine">{t("mine")}</Link>}
          {hasRole(ctx.actor.role, "member") && (
            <Link href="/entities/new" className="rounded-md bg-primary px-3 py-1.5 text-white no-underline hover:no-underline">
              {t("new")}
            </Link>
          )}
        </div>
      </div>
      <form className="mb-6 flex flex-wrap gap-2" role="search">
        <Input name="q" defaultValue={params.q ?? ""} placeholder={t("searchPlaceholder")} aria-label={t("searchPlaceholder")} className="max-w-sm" />
        <Select name="type" defaultValue={params.type ?? ""} aria-label={t("type")}>
          <option value="">{t("anyType")}</option>
          {ENTITY_TYPES.map((ty) => (
            <option key={ty} value={ty}>
              {te(ty)}
            </option>
          ))}
        </Select>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="verified" value="true" defaultChecked={params.verified === "true"} />
          {t("verifiedOnly")}
        </label>
        <Button type="submit" variant="secondary">
          {tc("search")}
        </Button>
      </form>
      {error && <Alert kind="error">{error}</Alert>}
      {!error && result.items.length === 0 ? (
        <EmptyState>{t("empty")}</EmptyState>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="entity-list">
          {result.items.map((item) => (
            <EntityCard key={item.id} item={item} />
          ))}
        </ul>
      )}
      {result.nextCursor && (
        <p className="mt-4">
          <Link href={`/entities${withParams(params, { cursor: result.nextCursor })}`}>{tc("next")} →</Link>
        </p>
      )}
    </div>
  );
}
