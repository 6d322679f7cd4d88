import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { AddToCart } from "@/components/store";
import { localized } from "@/components/store-parts";
import { Badge, PageTitle } from "@/components/ui";
import { formatMoney } from "@/src/modules/payments/money";
import { getProduct } from "@/src/modules/store/products";
import { orNotFound, pageContext } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";

export const metadata = { title: "Product" };

export default async function ProductPage({ params }: { params: Promise<{ id: string }> }) {
  requireModule("store");
  const ctx = await pageContext();
  const t = await getTranslations("store");
  const locale = await getLocale();
  const { id } = await params;
  const product = await orNotFound(getProduct(ctx, id));
  const text = localized(product, locale);
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Link href="/store">← {t("title")}</Link>
      <PageTitle title={text.title} />
      <p className="text-sm text-slate-600">
        <Link href={`/store/vendors/${product.vendorId}`}>{t("by", { vendor: product.vendorName ?? "" })}</Link>
        {product.status !== "active" && (
          <>
            {" "}
            <Badge>{t(`productStatus_${product.status}` as "productStatus_draft")}</Badge>
          </>
        )}
      </p>
      {product.imageUrls.map((url) => (
        <img key={url} src={url} alt="" className="max-h-96 rounded" />
      ))}
      <p className="whitespace-pre-line">{text.description}</p>
      <p className="text-xl font-semibold" data-testid="product-price">
        {formatMoney(product.priceMinor, product.currency)}
      </p>
      <p className="text-sm text-slate-600" data-testid="product-availability">
        {product.available === null ? t("unlimited") : t("available", { count: product.available })}
      </p>
      {ctx.actor.kind === "user" ? <AddToCart productId={product.id} max={product.available} /> : <Link href={`/sign-in?next=/store/products/${product.id}`}>{t("signInToBuy")}</Link>}
    </div>
  );
}
