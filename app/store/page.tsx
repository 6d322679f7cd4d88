import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { ProductGrid } from "@/components/store-parts";
import { Button, Input, PageTitle, Select } from "@/components/ui";
import { CURRENCIES } from "@/src/modules/payments/states";
import { listCatalogue } from "@/src/modules/store/products";
import { orNotFound, pageContext } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";
import { flattenParams, oneOfParam, type RawSearchParams } from "@/src/platform/http/search-params";

export const metadata = { title: "Store" };

export default async function StorePage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  requireModule("store");
  const ctx = await pageContext();
  const t = await getTranslations("store");
  const params = flattenParams(await searchParams);
  const q = params.q?.slice(0, 200);
  const cursor = params.cursor?.slice(0, 500);
  const currency = oneOfParam(CURRENCIES, params.currency);
  const minor = (value: string | undefined) => (value && Number.isFinite(Number(value)) && Number(value) >= 0 ? Math.round(Number(value) * 100) : undefined);
  const filters = { q, currency, minPrice: minor(params.minPrice), maxPrice: minor(params.maxPrice) };
  const page = await orNotFound(listCatalogue(ctx, { ...filters, cursor }));
  const query = (extra: Record<string, string>) => new URLSearchParams({ ...Object.fromEntries(Object.entries({ q, currency, minPrice: params.minPrice, maxPrice: params.maxPrice }).filter((e): e is [string, string] => Boolean(e[1]))), ...extra });
  return (
    <div className="space-y-6">
      <PageTitle title={t("title")} intro={t("intro")} />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <form className="flex flex-wrap gap-2" role="search">
          <Input name="q" defaultValue={q ?? ""} placeholder={t("search")} aria-label={t("search")} className="w-72" />
          <Select name="currency" defaultValue={currency ?? ""} aria-label={t("currency")}>
            <option value="">{t("anyCurrency")}</option>
            {CURRENCIES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </Select>
          <Input name="minPrice" type="number" min="0" step="0.01" defaultValue={params.minPrice ?? ""} placeholder={t("minPrice")} aria-label={t("minPrice")} className="w-28" />
          <Input name="maxPrice" type="number" min="0" step="0.01" defaultValue={params.maxPrice ?? ""} placeholder={t("maxPrice")} aria-label={t("maxPrice")} className="w-28" />
          <Button type="submit" variant="secondary">
            {t("searchButton")}
          </Button>
        </form>
        {ctx.actor.kind === "user" && (
          <div className="flex gap-4 text-sm">
            <Link href="/store/cart">{t("cart")}</Link>
            <Link href="/store/orders">{t("orders")}</Link>
            <Link href="/store/sell">{t("sell")}</Link>
          </div>
        )}
      </div>
      <ProductGrid items={page.items} />
      {page.nextCursor && <Link href={`/store?${query({ cursor: page.nextCursor })}`}>{t("more")} →</Link>}
    </div>
  );
}
