import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { ProductGrid } from "@/components/store-parts";
import { Button, Input, PageTitle } from "@/components/ui";
import { listCatalogue } from "@/src/modules/store/products";
import { pageContext } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";
import { flattenParams, type RawSearchParams } from "@/src/platform/http/search-params";

export const metadata = { title: "Store" };

export default async function StorePage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  requireModule("store");
  const ctx = await pageContext();
  const t = await getTranslations("store");
  const params = flattenParams(await searchParams);
  const q = params.q?.slice(0, 200);
  const cursor = params.cursor?.slice(0, 500);
  const page = await listCatalogue(ctx, { q, cursor });
  return (
    <div className="space-y-6">
      <PageTitle title={t("title")} intro={t("intro")} />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <form className="flex gap-2" role="search">
          <Input name="q" defaultValue={q ?? ""} placeholder={t("search")} aria-label={t("search")} className="w-72" />
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
      {page.nextCursor && <Link href={`/store?${new URLSearchParams({ ...(q ? { q } : {}), cursor: page.nextCursor })}`}>{t("more")} →</Link>}
    </div>
  );
}
