import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { ProductGrid } from "@/components/store-parts";
import { PageTitle } from "@/components/ui";
import { listCatalogue } from "@/src/modules/store/products";
import { publicVendor } from "@/src/modules/store/vendors";
import { orNotFound, pageContext } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";

export const metadata = { title: "Storefront" };

export default async function StorefrontPage({ params }: { params: Promise<{ id: string }> }) {
  requireModule("store");
  const ctx = await pageContext();
  const t = await getTranslations("store");
  const { id } = await params;
  const vendor = await orNotFound(publicVendor(ctx, id));
  const { items } = await listCatalogue(ctx, { vendorId: vendor.id, limit: 100 });
  return (
    <div className="space-y-6">
      <Link href="/store">← {t("title")}</Link>
      <PageTitle title={t("storefront", { name: vendor.entityName })} />
      <Link href={`/entities/${vendor.entityId}`}>{vendor.entityName} →</Link>
      <ProductGrid items={items} />
    </div>
  );
}
