import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { OrderLines } from "@/components/order-parts";
import { ApplyToSellForm, NewProductForm, OneFieldForm, PostButton, ProductQuickEdit } from "@/components/store";
import { Alert, Badge, Card, EmptyState, PageTitle } from "@/components/ui";
import { formatMoney } from "@/src/modules/payments/money";
import { vendorOrders } from "@/src/modules/store/orders";
import { vendorStatement } from "@/src/modules/store/payouts";
import { vendorProducts } from "@/src/modules/store/products";
import { mySelling } from "@/src/modules/store/vendors";
import type { Ctx } from "@/src/platform/context";
import { pageContext, requirePageUser } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";

export const metadata = { title: "Sell" };

/** One approved vendor's desk: products, orders to deliver, and the statement of what is owed and paid. */
async function VendorDesk({ ctx, vendorId }: { ctx: Ctx; vendorId: string }) {
  const t = await getTranslations("store");
  const format = await getFormatter();
  const [products, orders, statement] = await Promise.all([vendorProducts(ctx, vendorId), vendorOrders(ctx, vendorId), vendorStatement(ctx, vendorId)]);
  return (
    <div className="space-y-6">
      <section>
        <h3 className="mb-2 font-semibold">{t("products")}</h3>
        {products.items.length === 0 ? (
          <p className="text-sm text-slate-600">{t("noProducts")}</p>
        ) : (
          <ul className="space-y-2" data-testid="vendor-products">
            {products.items.map((p) => (
              <li key={p.id} className="flex flex-wrap items-center gap-3 border-t pt-2">
                <Link href={`/store/products/${p.id}`} className="min-w-48">
                  {p.title}
                </Link>
                <span className="text-sm text-slate-600">{p.available === null ? t("unlimited") : t("available", { count: p.available })}</span>
                <ProductQuickEdit product={p} />
              </li>
            ))}
          </ul>
        )}
        <details className="mt-3">
          <summary className="cursor-pointer text-sm font-medium">{t("newProduct")}</summary>
          <div className="mt-2">
            <NewProductForm vendorId={vendorId} />
          </div>
        </details>
      </section>
      <section>
        <h3 className="mb-2 font-semibold">{t("vendorOrders")}</h3>
        {orders.items.length === 0 ? (
          <p className="text-sm text-slate-600">{t("noVendorOrders")}</p>
        ) : (
          <ul className="space-y-3" data-testid="vendor-orders">
            {orders.items.map((o) => (
              <li key={o.id}>
                <p className="text-sm">
                  {t("order", { id: o.id.slice(0, 8) })} · {format.dateTime(new Date(o.createdAt), { dateStyle: "medium", timeStyle: "short" })} · {t("buyer")}: {o.buyer?.name} &lt;{o.buyer?.email}&gt;
                </p>
                <OrderLines
                  order={o}
                  actions={(subOrderId, status) =>
                    status === "paid" && (
                      <div className="mt-2">
                        <PostButton path={`/api/v1/store/sub-orders/${subOrderId}/fulfil`} label={t("markDelivered")} />
                        <OneFieldForm path={`/api/v1/store/sub-orders/${subOrderId}/cancel`} field="reason" label={t("cancelReason")} button={t("cancelOrder")} danger />
                      </div>
                    )
                  }
                />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section>
        <h3 className="mb-2 font-semibold">{t("statement")}</h3>
        {Object.entries(statement.unpaidNetMinor).map(([currency, amount]) => (
          <p key={currency} data-testid="unpaid">
            {t("unpaid", { amount: formatMoney(amount, currency) })}
          </p>
        ))}
        <h4 className="mt-2 text-sm font-semibold">{t("payouts")}</h4>
        {statement.payouts.length === 0 ? (
          <p className="text-sm text-slate-600">{t("noPayouts")}</p>
        ) : (
          <ul className="text-sm" data-testid="payouts">
            {statement.payouts.map((p) => (
              <li key={p.id}>
                {format.dateTime(new Date(p.createdAt), { dateStyle: "medium" })} — {formatMoney(p.netMinor, p.currency)} · {t(`payout_${p.status}` as "payout_paid")}
                {p.reference && ` · ${p.reference}`} · <a href={`/api/v1/store/vendors/${vendorId}/statement.csv?payoutId=${p.id}`}>{t("downloadCsv")}</a>
              </li>
            ))}
          </ul>
        )}
        {statement.lines.length > 0 && (
          <table className="mt-3 w-full text-left text-sm" data-testid="statement-lines">
            <thead>
              <tr>
                <th>{t("date")}</th>
                <th>{t("kind")}</th>
                <th>{t("gross")}</th>
                <th>{t("commissionLabel")}</th>
                <th>{t("net")}</th>
                <th>{t("payouts")}</th>
              </tr>
            </thead>
            <tbody>
              {statement.lines.slice(0, 50).map((l) => (
                <tr key={l.id} className="border-t">
                  <td>{format.dateTime(new Date(l.createdAt), { dateStyle: "short" })}</td>
                  <td>{t(`line_${l.kind}` as "line_sale")}</td>
                  <td>{formatMoney(l.grossMinor, l.currency)}</td>
                  <td>{formatMoney(l.commissionMinor, l.currency)}</td>
                  <td>{formatMoney(l.netMinor, l.currency)}</td>
                  <td>{l.payoutId ? t(`payout_${statement.payouts.find((p) => p.id === l.payoutId)?.status ?? "pending"}` as "payout_paid") : t("dueOn", { date: format.dateTime(new Date(l.dueAt), { dateStyle: "short" }) })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <a className="text-sm" href={`/api/v1/store/vendors/${vendorId}/statement.csv`}>
          {t("statement")}: {t("downloadCsv")}
        </a>
      </section>
    </div>
  );
}

export default async function SellPage() {
  requireModule("store");
  const ctx = await pageContext(await requirePageUser("/store/sell"));
  const t = await getTranslations("store");
  const { items } = await mySelling(ctx);
  return (
    <div className="space-y-6">
      <PageTitle title={t("sell")} intro={t("sellIntro")} />
      {items.length === 0 && (
        <EmptyState>
          {t("noEntities")} <Link href="/entities/new">{t("createEntity")}</Link>
        </EmptyState>
      )}
      {items.map(({ entity, vendor }) => (
        <Card key={entity.id}>
          <h2 className="mb-2 text-lg font-semibold">
            {entity.name} {vendor && <Badge tone={vendor.status === "approved" ? "green" : "slate"}>{t(`vendorStatus_${vendor.status}` as "vendorStatus_applied")}</Badge>}
            {vendor?.status === "approved" && <span className="ml-2 text-sm font-normal text-slate-600">{t("commission", { rate: `${vendor.commissionBps / 100} %` })}</span>}
          </h2>
          {vendor?.note && <Alert kind="info">{vendor.note}</Alert>}
          {!entity.verified && !vendor && (
            <p className="text-sm">
              {t("notVerified")} <Link href={`/entities/${entity.id}`}>{t("verifyLink")} →</Link>
            </p>
          )}
          {entity.verified && (!vendor || vendor.status === "rejected") && <ApplyToSellForm entityId={entity.id} />}
          {vendor?.status === "approved" && <VendorDesk ctx={ctx} vendorId={vendor.id} />}
        </Card>
      ))}
    </div>
  );
}
