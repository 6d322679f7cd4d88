import { categoryLabel } from "@/src/modules/opportunities/labels";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { OpportunityCard, withParams } from "@/components/listing-parts";
import { LiveIndicator, NewListingsBanner } from "@/components/live";
import { Alert, Button, EmptyState, Input, PageTitle, Select } from "@/components/ui";
import { categoryIds } from "@/src/modules/opportunities/categories";
import { SORTS } from "@/src/modules/opportunities/inputs";
import { listOpportunities } from "@/src/modules/opportunities/service";
import { CURRENCIES, OPPORTUNITY_TYPES } from "@/src/modules/opportunities/types";
import { pageContext } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";
import { flattenParams, type RawSearchParams } from "@/src/platform/http/search-params";
import { DomainError } from "@/src/platform/http/errors";

export const metadata = { title: "Opportunities" };

export default async function BrowseOpportunities({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  requireModule("opportunities");
  const params = flattenParams(await searchParams);
  const t = await getTranslations("opportunities");
  const tt = await getTranslations("opportunityTypes");
  const locale = (await getLocale()) as "en" | "uk";
  const tcommon = await getTranslations("common");
  const ctx = await pageContext();
  const selectedCategories = new Set((params.category ?? "").split(",").filter(Boolean));
  let result: Awaited<ReturnType<typeof listOpportunities>> = { items: [], nextCursor: null };
  let error: string | null = null;
  try {
    result = await listOpportunities(ctx, { ...params, limit: 20 });
  } catch (e) {
    if (!(e instanceof DomainError) && !(e instanceof Error && e.name === "ZodError")) throw e;
    error = e instanceof DomainError ? e.message : "Some filters are invalid";
  }
  const filtered = Object.keys(params).some((k) => k !== "cursor" && params[k]);
  return (
    <div>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <PageTitle title={t("title")} intro={t("intro")} />
        <div className="flex items-center gap-3 text-sm">
          <LiveIndicator />
          {ctx.actor.kind === "user" && <Link href="/opportunities/mine">{t("mine")}</Link>}
          <Link href="/opportunities/new" className="rounded-md bg-primary px-3 py-1.5 text-white no-underline hover:no-underline">
            {t("new")}
          </Link>
        </div>
      </div>
      <div className="grid gap-6 md:grid-cols-[16rem_1fr]">
        <form className="space-y-4" role="search" aria-label={t("title")}>
          <Input name="q" defaultValue={params.q ?? ""} placeholder={t("searchPlaceholder")} aria-label={t("searchPlaceholder")} />
          <Select name="type" defaultValue={params.type ?? ""} aria-label={t("type")} className="w-full">
            <option value="">{t("anyType")}</option>
            {OPPORTUNITY_TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {tt(`${ty}.label`)}
              </option>
            ))}
          </Select>
          <fieldset>
            <legend className="mb-1 text-sm font-medium">{t("categories")}</legend>
            <div className="flex flex-wrap gap-1">
              {categoryIds().map((id) => (
                <label key={id} className="cursor-pointer rounded-full border border-slate-300 px-2 py-0.5 text-xs has-[:checked]:border-primary has-[:checked]:bg-primary has-[:checked]:text-white">
                  <input type="checkbox" name="category" value={id} defaultChecked={selectedCategories.has(id)} className="sr-only" />
                  {categoryLabel(id, locale)}
                </label>
              ))}
            </div>
          </fieldset>
          <Input name="skills" defaultValue={params.skills ?? ""} placeholder={t("skills")} aria-label={t("skills")} />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="remote" value="true" defaultChecked={params.remote === "true"} />
            {t("remoteOnly")}
          </label>
          <fieldset className="space-y-1">
            <legend className="text-sm font-medium">{t("budget")}</legend>
            <div className="flex flex-wrap gap-1">
              <Input name="budgetMin" type="number" min={0} defaultValue={params.budgetMin ?? ""} placeholder={t("budgetMin")} aria-label={t("budgetMin")} className="w-20" />
              <Input name="budgetMax" type="number" min={0} defaultValue={params.budgetMax ?? ""} placeholder={t("budgetMax")} aria-label={t("budgetMax")} className="w-20" />
              <Select name="currency" defaultValue={params.currency ?? ""} aria-label={t("currency")}>
                <option value="">{t("anyCurrency")}</option>
                {CURRENCIES.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </Select>
            </div>
          </fieldset>
          <Select name="sort" defaultValue={params.sort ?? ""} aria-label={t("sort")} className="w-full">
            <option value="">{t("sort_newest")}</option>
            {SORTS.filter((s) => s !== "newest").map((s) => (
              <option key={s} value={s}>
                {t(`sort_${s}`)}
              </option>
            ))}
          </Select>
          <div className="flex gap-2">
            <Button type="submit">{t("apply")}</Button>
            <Link href="/opportunities" className="self-center text-sm">
              {t("clear")}
            </Link>
          </div>
        </form>
        <section aria-live="polite">
          {!filtered && <NewListingsBanner shownIds={result.items.map((i) => i.id)} />}
          {error && <Alert kind="error">{error}</Alert>}
          {!error && result.items.length === 0 ? (
            <EmptyState>{filtered ? t("empty") : t("emptyAll")}</EmptyState>
          ) : (
            <ul className="space-y-3" data-testid="opportunity-list">
              {result.items.map((item) => (
                <OpportunityCard key={item.id} item={item} />
              ))}
            </ul>
          )}
          {result.nextCursor && (
            <p className="mt-4">
              <Link href={`/opportunities${withParams(params, { cursor: result.nextCursor })}`}>{tcommon("next")} →</Link>
            </p>
          )}
        </section>
      </div>
    </div>
  );
}
