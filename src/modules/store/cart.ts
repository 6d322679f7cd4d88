import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { requireUser } from "@/src/platform/auth/require-user";
import type { Ctx } from "@/src/platform/context";
import { DomainError } from "@/src/platform/http/errors";
import { entities } from "@/src/modules/entities/schema";
import { entityVisibleWhere } from "@/src/modules/entities/service";
import { getProduct, toProductDto } from "./products";
import { storeCartItems, storeProducts, storeVendors } from "./schema";

export const MAX_QUANTITY = 100;

/** The signed-in buyer's cart: its lines with their products, and the total per currency. Lines of organisations the buyer may no longer see (hidden, blocked, visibility raised) are left out. */
export async function getCart(ctx: Ctx) {
  const actor = requireUser(ctx.actor);
  const rows = await ctx.db
    .select({ item: storeCartItems, product: storeProducts, entityName: entities.name, vendorStatus: storeVendors.status })
    .from(storeCartItems)
    .innerJoin(storeProducts, eq(storeProducts.id, storeCartItems.productId))
    .innerJoin(storeVendors, eq(storeVendors.id, storeProducts.vendorId))
    .innerJoin(entities, eq(entities.id, storeVendors.entityId))
    .where(and(eq(storeCartItems.userId, actor.userId), entityVisibleWhere(actor)))
    .orderBy(storeCartItems.addedAt);
  const items = rows.map((r) => {
    const product = toProductDto(r.product, r);
    const buyable = r.product.status === "active" && r.vendorStatus === "approved" && (product.available === null || product.available >= r.item.quantity);
    return { productId: r.item.productId, quantity: r.item.quantity, lineMinor: r.product.priceMinor * r.item.quantity, buyable, product };
  });
  const totals: Record<string, number> = {};
  for (const i of items) totals[i.product.currency] = (totals[i.product.currency] ?? 0) + i.lineMinor;
  return { items, totals };
}

export const CartItemInput = z.object({ productId: z.uuid(), quantity: z.number().int().min(0).max(MAX_QUANTITY) });

/** Sets a line's quantity (0 removes it); only products the buyer can see and buy now. */
export async function setCartItem(ctx: Ctx, raw: z.input<typeof CartItemInput>) {
  const actor = requireUser(ctx.actor);
  const input = CartItemInput.parse(raw);
  if (input.quantity === 0) {
    await ctx.db.delete(storeCartItems).where(and(eq(storeCartItems.userId, actor.userId), eq(storeCartItems.productId, input.productId)));
    return getCart(ctx);
  }
  const product = await getProduct(ctx, input.productId);
  if (product.status !== "active") throw new DomainError("conflict", "This product is not on sale");
  if (product.available !== null && product.available < input.quantity) {
    throw new DomainError("conflict", product.available === 0 ? "Sold out" : `Only ${product.available} left`, { quantity: `At most ${product.available}` });
  }
  await ctx.db
    .insert(storeCartItems)
    .values({ userId: actor.userId, productId: input.productId, quantity: input.quantity, addedAt: ctx.now() })
    .onConflictDoUpdate({ target: [storeCartItems.userId, storeCartItems.productId], set: { quantity: input.quantity } });
  return getCart(ctx);
}
