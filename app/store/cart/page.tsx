import { getLocale, getTranslations } from "next-intl/server";
import { CartView } from "@/components/store";
import { localized } from "@/components/store-parts";
import { PageTitle } from "@/components/ui";
import { enabledProviders } from "@/src/modules/payments/providers";
import { getCart } from "@/src/modules/store/cart";
import { pageContext, requirePageUser } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";

export const metadata = { title: "Cart" };

export default async function CartPage() {
  requireModule("store");
  const ctx = await pageContext(await requirePageUser("/store/cart"));
  const t = await getTranslations("store");
  const locale = await getLocale();
  const cart = await getCart(ctx);
  const on = enabledProviders();
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <PageTitle title={t("cart")} />
      <CartView
        lines={cart.items.map((i) => ({ productId: i.productId, quantity: i.quantity, lineMinor: i.lineMinor, buyable: i.buyable, title: localized(i.product, locale).title, vendorName: i.product.vendorName, currency: i.product.currency }))}
        totals={cart.totals}
        providers={(["stripe", "wayforpay", "credits"] as const).filter((p) => on[p])}
      />
    </div>
  );
}
