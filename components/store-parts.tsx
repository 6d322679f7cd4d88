import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import type { ProductDto } from "@/src/modules/store/products";
import { formatMoney } from "@/src/modules/payments/money";
import { Card, EmptyState } from "./ui";

/** The product's title and description in the reader's language when the vendor wrote one. */
export function localized(p: Pick<ProductDto, "title" | "titleUk" | "description" | "descriptionUk">, locale: string) {
  return { title: (locale === "uk" && p.titleUk) || p.title, description: (locale === "uk" && p.descriptionUk) || p.description };
}

export async function ProductGrid({ items }: { items: ProductDto[] }) {
  const t = await getTranslations("store");
  const locale = await getLocale();
  if (items.length === 0) return <EmptyState>{t("empty")}</EmptyState>;
  return (
    <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="products">
      {items.map((p) => (
        <li key={p.id}>
          <Card className="h-full">
            {p.imageUrls[0] && <img src={p.imageUrls[0]} alt="" className="mb-2 h-40 w-full rounded object-cover" />}
            <Link href={`/store/products/${p.id}`} className="font-semibold">
              {localized(p, locale).title}
            </Link>
            <p className="text-sm text-slate-600">{t("by", { vendor: p.vendorName ?? "" })}</p>
            <p className="mt-1">
              {formatMoney(p.priceMinor, p.currency)} · <span className="text-sm text-slate-600">{p.available === null ? t("unlimited") : t("available", { count: p.available })}</span>
            </p>
          </Card>
        </li>
      ))}
    </ul>
  );
}
