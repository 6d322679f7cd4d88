import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { user } from "@/src/platform/auth/schema";
import { requireUser } from "@/src/platform/auth/require-user";
import type { Ctx } from "@/src/platform/context";
import type { Db } from "@/src/platform/db/client";
import { publish } from "@/src/platform/events/publish";
import { assertUuid, DomainError, notFound } from "@/src/platform/http/errors";
import { getSetting } from "@/src/platform/settings/resolve";
import { entities } from "@/src/modules/entities/schema";
import { notifyMany } from "@/src/modules/notifications/service";
import { allocate, COMMISSION_TIERS, commissionOf, type VendorTier } from "./commission";
import { lockSellable } from "./products";
import { storeCartItems, storeOrderItems, storeOrders, storeProducts, storeSubOrders, storeVendors } from "./schema";
import { recordRefund, recordSale } from "./settlements";
import { managedVendor } from "./vendors";

type Order = typeof storeOrders.$inferSelect;
type SubOrder = typeof storeSubOrders.$inferSelect;

async function loadOrders(db: Db, orders: Order[], opts: { commission: boolean }) {
  if (orders.length === 0) return [];
  const subs = await db
    .select({ sub: storeSubOrders, vendorName: entities.name })
    .from(storeSubOrders)
    .innerJoin(storeVendors, eq(storeVendors.id, storeSubOrders.vendorId))
    .innerJoin(entities, eq(entities.id, storeVendors.entityId))
    .where(inArray(storeSubOrders.orderId, orders.map((o) => o.id)));
  const items = subs.length ? await db.select().from(storeOrderItems).where(inArray(storeOrderItems.subOrderId, subs.map((s) => s.sub.id))) : [];
  return orders.map((o) => ({
    id: o.id,
    buyerId: o.buyerId,
    status: o.status,
    totalMinor: o.totalMinor,
    currency: o.currency,
    transactionId: o.transactionId,
    reservedUntil: o.reservedUntil.toISOString(),
    createdAt: o.createdAt.toISOString(),
    subOrders: subs
      .filter((s) => s.sub.orderId === o.id)
      .map(({ sub, vendorName }) => ({
        id: sub.id,
        vendorId: sub.vendorId,
        vendorName,
        status: sub.status,
        subtotalMinor: sub.subtotalMinor,
        refundedMinor: sub.refundedMinor,
        ...(opts.commission ? { commissionBps: sub.commissionBps, commissionMinor: sub.commissionMinor, netMinor: sub.subtotalMinor - sub.commissionMinor } : {}),
        items: items.filter((i) => i.subOrderId === sub.id).map((i) => ({ productId: i.productId, title: i.title, unitPriceMinor: i.unitPriceMinor, quantity: i.quantity })),
      })),
  }));
}
export type OrderDto = Awaited<ReturnType<typeof loadOrders>>[number];

export const PlaceOrderInput = z.object({ idempotencyKey: z.string().min(8).max(100).optional() });

/**
 * Turns the cart into an order: each tracked product's stock is reserved under its row lock
 * (products locked in id order, the check constraint as a backstop), so concurrent checkouts never
 * oversell; one sub-order per vendor with its commission computed here, once. The cart empties;
 * the reservation lasts STORE_RESERVATION_MINUTES, while the buyer pays through POST /api/v1/checkout.
 */
export async function placeOrder(ctx: Ctx, raw: z.input<typeof PlaceOrderInput>) {
  const actor = requireUser(ctx.actor);
  const input = PlaceOrderInput.parse(raw);
  const now = ctx.now();
  const orderId = await ctx.db.transaction(async (tx) => {
    if (input.idempotencyKey) {
      const [existing] = await tx.select({ id: storeOrders.id }).from(storeOrders).where(and(eq(storeOrders.buyerId, actor.userId), eq(storeOrders.idempotencyKey, input.idempotencyKey)));
      if (existing) return existing.id;
    }
    const cart = await tx.select().from(storeCartItems).where(eq(storeCartItems.userId, actor.userId));
    if (cart.length === 0) throw new DomainError("validation_failed", "Your cart is empty", { cart: "Add a product first" });
    const sellable = new Map((await lockSellable(tx, ctx.actor, cart.map((c) => c.productId))).map((r) => [r.product.id, r]));
    const currencies = new Set<string>();
    for (const line of cart) {
      const row = sellable.get(line.productId);
      if (!row) throw new DomainError("conflict", "A product in your cart is no longer on sale; remove it and try again", { [line.productId]: "Not on sale" });
      currencies.add(row.product.currency);
      const available = row.product.stock - row.product.reserved;
      if (row.product.stockTracked && available < line.quantity) {
        throw new DomainError("conflict", available <= 0 ? `“${row.product.title}” is sold out` : `Only ${available} of “${row.product.title}” left`, { [line.productId]: `At most ${Math.max(0, available)}` });
      }
    }
    if (currencies.size > 1) throw new DomainError("validation_failed", `One currency per order: your cart has ${[...currencies].join(" and ")}`, { cart: "Mixed currencies" });
    for (const line of cart) {
      if (sellable.get(line.productId)!.product.stockTracked) {
        await tx.update(storeProducts).set({ reserved: sql`${storeProducts.reserved} + ${line.quantity}` }).where(eq(storeProducts.id, line.productId));
      }
    }
    const byVendor = new Map<string, typeof cart>();
    for (const line of cart) {
      const vendorId = sellable.get(line.productId)!.vendor.id;
      byVendor.set(vendorId, [...(byVendor.get(vendorId) ?? []), line]);
    }
    const subtotal = (lines: typeof cart) => lines.reduce((s, l) => s + sellable.get(l.productId)!.product.priceMinor * l.quantity, 0);
    const total = [...byVendor.values()].reduce((s, lines) => s + subtotal(lines), 0);
    const minutes = await getSetting<number>(tx, "STORE_RESERVATION_MINUTES");
    const [order] = await tx
      .insert(storeOrders)
      .values({ buyerId: actor.userId, totalMinor: total, currency: [...currencies][0], reservedUntil: new Date(now.getTime() + minutes * 60_000), idempotencyKey: input.idempotencyKey ?? null, createdAt: now, updatedAt: now })
      .returning();
    for (const [vendorId, lines] of byVendor) {
      const bps = COMMISSION_TIERS[sellable.get(lines[0].productId)!.vendor.tier as VendorTier];
      const amount = subtotal(lines);
      const [sub] = await tx.insert(storeSubOrders).values({ orderId: order.id, vendorId, subtotalMinor: amount, commissionBps: bps, commissionMinor: commissionOf(amount, bps), updatedAt: now }).returning();
      await tx.insert(storeOrderItems).values(
        lines.map((l) => {
          const p = sellable.get(l.productId)!.product;
          return { subOrderId: sub.id, productId: p.id, title: p.title, unitPriceMinor: p.priceMinor, quantity: l.quantity, stockTracked: p.stockTracked };
        }),
      );
    }
    await tx.delete(storeCartItems).where(eq(storeCartItems.userId, actor.userId));
    await publish(tx, { type: "store.order_placed", aggregateType: "store_order", aggregateId: order.id, actorId: actor.userId, payload: { totalMinor: total, currency: order.currency } });
    return order.id;
  });
  return getOrder(ctx, orderId);
}

export async function getOrder(ctx: Ctx, id: string): Promise<OrderDto> {
  const actor = requireUser(ctx.actor);
  assertUuid(id, "Order");
  const [order] = await ctx.db.select().from(storeOrders).where(eq(storeOrders.id, id));
  if (!order || (order.buyerId !== actor.userId && actor.role !== "admin")) throw notFound("Order");
  return (await loadOrders(ctx.db, [order], { commission: actor.role === "admin" }))[0];
}

export async function myOrders(ctx: Ctx) {
  const actor = requireUser(ctx.actor);
  const rows = await ctx.db.select().from(storeOrders).where(eq(storeOrders.buyerId, actor.userId)).orderBy(desc(storeOrders.createdAt)).limit(100);
  return { items: await loadOrders(ctx.db, rows, { commission: false }) };
}

/** A vendor's sub-orders (paid and later), with the buyer's name and email to deliver to. */
export async function vendorOrders(ctx: Ctx, vendorId: string) {
  await managedVendor(ctx.db, ctx, vendorId);
  const subs = await ctx.db
    .select({ orderId: storeSubOrders.orderId })
    .from(storeSubOrders)
    .where(and(eq(storeSubOrders.vendorId, vendorId), inArray(storeSubOrders.status, ["paid", "fulfilled", "refunded", "cancelled"])))
    .orderBy(desc(storeSubOrders.updatedAt))
    .limit(200);
  if (subs.length === 0) return { items: [] };
  const orders = await ctx.db.select().from(storeOrders).where(inArray(storeOrders.id, subs.map((s) => s.orderId))).orderBy(desc(storeOrders.createdAt));
  const buyers = await ctx.db.select({ id: user.id, name: user.name, email: user.email }).from(user).where(inArray(user.id, [...new Set(orders.map((o) => o.buyerId))]));
  const loaded = await loadOrders(ctx.db, orders, { commission: true });
  return {
    items: loaded.map((o) => ({ ...o, buyer: buyers.find((b) => b.id === o.buyerId) ?? null, subOrders: o.subOrders.filter((s) => s.vendorId === vendorId) })),
  };
}

/** The vendor marks its paid sub-order as delivered; the buyer is told. */
export async function fulfilSubOrder(ctx: Ctx, subOrderId: string) {
  assertUuid(subOrderId, "Sub-order");
  return ctx.db.transaction(async (tx) => {
    const [sub] = await tx.select().from(storeSubOrders).where(eq(storeSubOrders.id, subOrderId)).for("update");
    if (!sub) throw notFound("Sub-order");
    const { entityName } = await managedVendor(tx, ctx, sub.vendorId);
    if (sub.status !== "paid") throw new DomainError("conflict", `A ${sub.status} order cannot be marked delivered`);
    await tx.update(storeSubOrders).set({ status: "fulfilled", updatedAt: ctx.now() }).where(eq(storeSubOrders.id, sub.id));
    const [order] = await tx.select().from(storeOrders).where(eq(storeOrders.id, sub.orderId));
    await notifyMany(tx, [{ userId: order.buyerId, type: "store_order_updated", link: `/store/orders/${order.id}`, data: { vendor: entityName, outcome: "fulfilled" }, dedupeKey: `store-fulfilled:${sub.id}` }]);
    return { id: sub.id, status: "fulfilled" };
  });
}

/** What paying for an order costs; only its buyer, only while its stock is held. */
export async function orderForPayment(db: Db, orderId: string | undefined, buyerId: string, now: Date) {
  if (!orderId || !z.uuid().safeParse(orderId).success) throw new DomainError("validation_failed", "Say which order to pay", { orderId: "Required" });
  const [order] = await db.select().from(storeOrders).where(eq(storeOrders.id, orderId));
  if (!order || order.buyerId !== buyerId) throw notFound("Order");
  if (order.status !== "pending_payment") throw new DomainError("conflict", `This order is ${order.status.replace("_", " ")}`);
  if (order.reservedUntil.getTime() < now.getTime() + 60_000) throw new DomainError("conflict", "This order's reservation has run out; place it again");
  return { order, price: { amountMinor: order.totalMinor, currency: order.currency, description: `Order ${order.id.slice(0, 8)}` } };
}

/** Links a payment to its order; a second concurrent payment for one order loses. */
export async function attachPayment(db: Db, orderId: string, transactionId: string, previous: string | null) {
  const moved = await db
    .update(storeOrders)
    .set({ transactionId })
    .where(and(eq(storeOrders.id, orderId), previous ? eq(storeOrders.transactionId, previous) : sql`${storeOrders.transactionId} is null`))
    .returning({ id: storeOrders.id });
  return moved.length === 1;
}

async function lockOrderOf(tx: Db, transactionId: string) {
  const [order] = await tx.select().from(storeOrders).where(eq(storeOrders.transactionId, transactionId)).for("update");
  if (!order) throw new Error(`no order is linked to payment ${transactionId}`);
  const subs = await tx.select().from(storeSubOrders).where(eq(storeSubOrders.orderId, order.id)).orderBy(storeSubOrders.id).for("update");
  return { order, subs };
}

async function vendorOwners(tx: Db, vendorIds: string[]) {
  return tx.select({ vendorId: storeVendors.id, ownerId: entities.ownerId }).from(storeVendors).innerJoin(entities, eq(entities.id, storeVendors.entityId)).where(inArray(storeVendors.id, vendorIds));
}

/**
 * The order's payment succeeded (any provider, credits included): the reserved stock is taken,
 * every sub-order is paid with its settlement line and ledger posting, and vendors are told.
 */
export async function orderPaid(tx: Db, transactionId: string, now: Date) {
  const { order, subs } = await lockOrderOf(tx, transactionId);
  if (order.status !== "pending_payment") throw new Error(`order ${order.id} is ${order.status}, not waiting for payment`);
  const items = await tx.select().from(storeOrderItems).where(inArray(storeOrderItems.subOrderId, subs.map((s) => s.id)));
  for (const item of items.filter((i) => i.stockTracked && i.productId).sort((a, b) => a.productId!.localeCompare(b.productId!))) {
    await tx.update(storeProducts).set({ stock: sql`${storeProducts.stock} - ${item.quantity}`, reserved: sql`${storeProducts.reserved} - ${item.quantity}` }).where(eq(storeProducts.id, item.productId!));
  }
  await tx.update(storeOrders).set({ status: "paid", updatedAt: now }).where(eq(storeOrders.id, order.id));
  for (const sub of subs) {
    await tx.update(storeSubOrders).set({ status: "paid", updatedAt: now }).where(eq(storeSubOrders.id, sub.id));
    await recordSale(tx, sub, order.currency, transactionId, now);
  }
  const owners = await vendorOwners(tx, subs.map((s) => s.vendorId));
  await notifyMany(
    tx,
    owners.map((o) => ({ userId: o.ownerId, type: "store_order_received" as const, link: "/store/sell", data: { amount: (subs.find((s) => s.vendorId === o.vendorId)!.subtotalMinor / 100).toFixed(2), currency: order.currency }, dedupeKey: `store-order:${order.id}:${o.vendorId}` })),
  );
  await publish(tx, { type: "store.order_paid", aggregateType: "store_order", aggregateId: order.id, actorId: null, payload: { buyerId: order.buyerId } });
}

/**
 * `amountMinor` of the order's payment was refunded: it goes to one sub-order when the refund
 * names it (a vendor's cancellation), else it is shared over the sub-orders by what is left of
 * each; each share takes back the same share of its commission (cumulatively rounded, so a full
 * refund returns the commission exactly). A sub-order refunded in full is `refunded`, or
 * `cancelled` when its vendor cancelled it before delivery.
 */
export async function orderRefunded(tx: Db, transactionId: string, amountMinor: number, now: Date, subOrderId: string | null = null) {
  const { order, subs } = await lockOrderOf(tx, transactionId);
  const shares = subOrderId ? subs.map((s) => (s.id === subOrderId ? amountMinor : 0)) : allocate(amountMinor, subs.map((s) => s.subtotalMinor - s.refundedMinor));
  for (const [i, sub] of subs.entries()) {
    const share = Math.min(shares[i], sub.subtotalMinor - sub.refundedMinor);
    if (share <= 0) continue;
    const refunded = sub.refundedMinor + share;
    const commissionBack = Math.round((sub.commissionMinor * refunded) / sub.subtotalMinor) - Math.round((sub.commissionMinor * sub.refundedMinor) / sub.subtotalMinor);
    const full = refunded >= sub.subtotalMinor;
    const [updated] = await tx.update(storeSubOrders).set({ refundedMinor: refunded, ...(full ? { status: "refunded" } : {}), updatedAt: now }).where(eq(storeSubOrders.id, sub.id)).returning();
    await recordRefund(tx, updated, share, commissionBack, order.currency, transactionId, now);
  }
  const after = await tx.select({ status: storeSubOrders.status }).from(storeSubOrders).where(eq(storeSubOrders.orderId, order.id));
  if (after.every((s) => s.status === "refunded")) await tx.update(storeOrders).set({ status: "refunded", updatedAt: now }).where(eq(storeOrders.id, order.id));
}

/** Gives back the stock an unpaid order holds and cancels it (the caller made sure nobody paid). */
export async function releaseOrder(tx: Db, orderId: string, now: Date): Promise<boolean> {
  const [order] = await tx.select().from(storeOrders).where(eq(storeOrders.id, orderId)).for("update");
  if (!order || order.status !== "pending_payment") return false;
  const subs: SubOrder[] = await tx.select().from(storeSubOrders).where(eq(storeSubOrders.orderId, order.id));
  const items = await tx.select().from(storeOrderItems).where(inArray(storeOrderItems.subOrderId, subs.map((s) => s.id)));
  for (const item of items.filter((i) => i.stockTracked && i.productId).sort((a, b) => a.productId!.localeCompare(b.productId!))) {
    await tx.update(storeProducts).set({ reserved: sql`greatest(${storeProducts.reserved} - ${item.quantity}, 0)` }).where(eq(storeProducts.id, item.productId!));
  }
  await tx.update(storeSubOrders).set({ status: "cancelled", updatedAt: now }).where(eq(storeSubOrders.orderId, order.id));
  await tx.update(storeOrders).set({ status: "cancelled", updatedAt: now }).where(eq(storeOrders.id, order.id));
  await notifyMany(tx, [{ userId: order.buyerId, type: "store_order_updated", link: `/store/orders/${order.id}`, data: { vendor: "", outcome: "cancelled" }, dedupeKey: `store-cancelled:${order.id}` }]);
  return true;
}
