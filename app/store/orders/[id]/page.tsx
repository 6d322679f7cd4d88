import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { OrderLines, OrderStatusBadge } from "@/components/order-parts";
import { PayOrderButtons } from "@/components/store";
import { PageTitle } from "@/components/ui";
import { formatMoney } from "@/src/modules/payments/money";
import { enabledProviders } from "@/src/modules/payments/providers";
import { getOrder } from "@/src/modules/store/orders";
import { orNotFound, pageContext, requirePageUser } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";

export const metadata = { title: "Order" };

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  requireModule("store");
  const { id } = await params;
  const ctx = await pageContext(await requirePageUser(`/store/orders/${id}`));
  const t = await getTranslations("store");
  const format = await getFormatter();
  const order = await orNotFound(getOrder(ctx, id));
  const on = enabledProviders();
  const waiting = order.status === "pending_payment" && new Date(order.reservedUntil) > new Date();
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Link href="/store/orders">← {t("orders")}</Link>
      <PageTitle title={t("order", { id: order.id.slice(0, 8) })} />
      <p className="text-lg">
        {formatMoney(order.totalMinor, order.currency)} <OrderStatusBadge status={order.status} />
      </p>
      {waiting && (
        <>
          <p className="text-sm text-slate-600">{t("reservedUntil", { time: format.dateTime(new Date(order.reservedUntil), { timeStyle: "short" }) })}</p>
          <PayOrderButtons orderId={order.id} providers={(["stripe", "wayforpay", "credits"] as const).filter((p) => on[p])} />
        </>
      )}
      <OrderLines order={order} />
    </div>
  );
}
