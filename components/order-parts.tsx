import { getTranslations } from "next-intl/server";
import type { OrderDto } from "@/src/modules/store/orders";
import { formatMoney } from "@/src/modules/payments/money";
import { Badge } from "./ui";

const tone = (status: string) => (status === "paid" || status === "fulfilled" ? "green" : status === "pending_payment" ? "blue" : "slate");

/** An order's sub-orders: vendor, status, lines. */
export async function OrderLines({ order, actions }: { order: OrderDto; actions?: (subOrderId: string, status: string) => React.ReactNode }) {
  const t = await getTranslations("store");
  return (
    <div className="space-y-3">
      {order.subOrders.map((s) => (
        <div key={s.id} className="rounded border p-3">
          <p className="font-medium">
            {s.vendorName}{" "}
            <Badge tone={tone(s.status)}>
              <span data-testid="sub-order-status">{t(`status_${s.status}` as "status_paid")}</span>
            </Badge>
          </p>
          <ul className="text-sm">
            {s.items.map((i, n) => (
              <li key={n}>
                {i.quantity} × {i.title} — {formatMoney(i.unitPriceMinor * i.quantity, order.currency)}
              </li>
            ))}
          </ul>
          {"netMinor" in s && s.netMinor !== undefined && (
            <p className="text-xs text-slate-600">
              {t("gross")}: {formatMoney(s.subtotalMinor, order.currency)} · {t("commission", { rate: `${(s.commissionBps ?? 0) / 100} %` })}: {formatMoney(s.commissionMinor ?? 0, order.currency)} · {t("net")}:{" "}
              {formatMoney(s.netMinor, order.currency)}
            </p>
          )}
          {actions?.(s.id, s.status)}
        </div>
      ))}
    </div>
  );
}

export async function OrderStatusBadge({ status }: { status: string }) {
  const t = await getTranslations("store");
  return (
    <Badge tone={tone(status)}>
      <span data-testid="order-status">{t(`status_${status}` as "status_paid")}</span>
    </Badge>
  );
}
