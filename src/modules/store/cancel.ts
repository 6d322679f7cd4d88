import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "@/src/platform/context";
import { assertUuid, DomainError, notFound } from "@/src/platform/http/errors";
import { notifyMany } from "@/src/modules/notifications/service";
import { requestRefund } from "@/src/modules/payments/refunds";
import { storeOrderItems, storeOrders, storeProducts, storeSubOrders } from "./schema";
import { managedVendor } from "./vendors";

export const CancelInput = z.object({ reason: z.string().trim().min(3).max(500) });

/**
 * The vendor (or an admin) cancels a paid sub-order before delivery: exactly its amount is refunded
 * through the payment's provider (its settlement reversed, the buyer notified), and its stock goes
 * back on sale. A provider that still processes the refund leaves it `paid` until it completes.
 */
export async function cancelSubOrder(ctx: Ctx, subOrderId: string, raw: z.input<typeof CancelInput>) {
  const input = CancelInput.parse(raw);
  assertUuid(subOrderId, "Sub-order");
  const [sub] = await ctx.db.select().from(storeSubOrders).where(eq(storeSubOrders.id, subOrderId));
  if (!sub) throw notFound("Sub-order");
  const { entityName } = await managedVendor(ctx.db, ctx, sub.vendorId);
  if (sub.status !== "paid") throw new DomainError("conflict", `A ${sub.status.replace("_", " ")} order cannot be cancelled${sub.status === "fulfilled" ? "; ask an admin for a refund" : ""}`);
  const [order] = await ctx.db.select().from(storeOrders).where(eq(storeOrders.id, sub.orderId));
  const refund = await requestRefund(ctx, order.transactionId!, { reason: input.reason, subOrderId: sub.id, maxMinor: sub.subtotalMinor - sub.refundedMinor });
  if (refund.status !== "succeeded") return { id: sub.id, status: sub.status, refund };
  await ctx.db.transaction(async (tx) => {
    const [cancelled] = await tx.update(storeSubOrders).set({ status: "cancelled", updatedAt: ctx.now() }).where(and(eq(storeSubOrders.id, sub.id), eq(storeSubOrders.status, "refunded"))).returning();
    if (!cancelled) return;
    const items = await tx.select().from(storeOrderItems).where(eq(storeOrderItems.subOrderId, sub.id));
    const tracked = items.filter((i) => i.stockTracked && i.productId).sort((a, b) => a.productId!.localeCompare(b.productId!));
    for (const item of tracked) await tx.update(storeProducts).set({ stock: sql`${storeProducts.stock} + ${item.quantity}` }).where(eq(storeProducts.id, item.productId!));
    const others = await tx.select({ status: storeSubOrders.status }).from(storeSubOrders).where(eq(storeSubOrders.orderId, order.id));
    if (others.every((o) => o.status === "cancelled" || o.status === "refunded")) await tx.update(storeOrders).set({ status: others.every((o) => o.status === "cancelled") ? "cancelled" : "refunded", updatedAt: ctx.now() }).where(inArray(storeOrders.id, [order.id]));
    await notifyMany(tx, [{ userId: order.buyerId, type: "store_order_updated", link: `/store/orders/${order.id}`, data: { vendor: entityName, outcome: "cancelled_by_vendor" }, dedupeKey: `store-vendor-cancel:${sub.id}` }]);
  });
  return { id: sub.id, status: "cancelled", refund };
}
