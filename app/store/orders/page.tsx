import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { OrderStatusBadge } from "@/components/order-parts";
import { EmptyState, PageTitle } from "@/components/ui";
import { formatMoney } from "@/src/modules/payments/money";
import { myOrders } from "@/src/modules/store/orders";
import { pageContext, requirePageUser } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";

export const metadata = { title: "My orders" };

export default async function MyOrdersPage() {
  requireModule("store");
  const ctx = await pageContext(await requirePageUser("/store/orders"));
  const t = await getTranslations("store");
  const format = await getFormatter();
  const { items } = await myOrders(ctx);
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <PageTitle title={t("orders")} />
      {items.length === 0 ? (
        <EmptyState>{t("ordersEmpty")}</EmptyState>
      ) : (
        <ul className="space-y-2">
          {items.map((o) => (
            <li key={o.id} className="flex flex-wrap items-center gap-3 border-t pt-2">
              <Link href={`/store/orders/${o.id}`}>{t("order", { id: o.id.slice(0, 8) })}</Link>
              <span className="text-sm text-slate-600">{format.dateTime(new Date(o.createdAt), { dateStyle: "medium", timeStyle: "short" })}</span>
              <span>{formatMoney(o.totalMinor, o.currency)}</span>
              <OrderStatusBadge status={o.status} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
