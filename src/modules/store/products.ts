import { and, desc, eq, gte, ilike, lte, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "@/src/platform/auth/roles";
import type { Ctx } from "@/src/platform/context";
import type { Db } from "@/src/platform/db/client";
import { isUniqueViolation } from "@/src/platform/db/errors";
import { assertUuid, DomainError, notFound } from "@/src/platform/http/errors";
import { decodeCursor, encodeCursor } from "@/src/platform/http/pagination";
import { partialUpdate } from "@/src/platform/http/partial-update";
import { ownFile } from "@/src/platform/storage/service";
import { entityVisibleWhere } from "@/src/modules/entities/service";
import { entities } from "@/src/modules/entities/schema";
import { CURRENCIES } from "@/src/modules/payments/states";
import { storeProducts, storeVendors } from "./schema";
import { managedVendor } from "./vendors";

type ProductRow = typeof storeProducts.$inferSelect;

export function toProductDto(p: ProductRow, vendor?: { entityName: string }) {
  return {
    id: p.id,
    vendorId: p.vendorId,
    vendorName: vendor?.entityName ?? null,
    title: p.title,
    titleUk: p.titleUk,
    description: p.description,
    descriptionUk: p.descriptionUk,
    imageUrls: p.imageFileIds.map((id) => `/api/v1/files/${id}`),
    imageFileIds: p.imageFileIds,
    priceMinor: p.priceMinor,
    currency: p.currency,
    sku: p.sku,
    stockTracked: p.stockTracked,
    stock: p.stock,
    available: p.stockTracked ? p.stock - p.reserved : null,
    status: p.status,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
export type ProductDto = ReturnType<typeof toProductDto>;

const ProductFields = z.object({
  title: z.string().trim().min(2).max(200),
  titleUk: z.string().trim().min(2).max(200).nullish(),
  description: z.string().trim().max(10_000),
  descriptionUk: z.string().trim().max(10_000).nullish(),
  imageFileIds: z.array(z.uuid()).max(8),
  priceMinor: z.number().int().min(1).max(100_000_000),
  currency: z.enum(CURRENCIES),
  sku: z.string().trim().min(1).max(64).nullish(),
  stockTracked: z.boolean(),
  stock: z.number().int().min(0).max(1_000_000),
  status: z.enum(["draft", "active", "archived"]),
});
export const CreateProductInput = ProductFields.extend({
  vendorId: z.uuid(),
  description: ProductFields.shape.description.default(""),
  imageFileIds: ProductFields.shape.imageFileIds.default([]),
  stockTracked: ProductFields.shape.stockTracked.default(true),
  stock: ProductFields.shape.stock.default(0),
  status: ProductFields.shape.status.default("draft"),
});
/** Only the fields sent change: a PATCH of the status leaves the stock alone. */
export const UpdateProductInput = partialUpdate(ProductFields);

/** Products live where everyone who may see the vendor's organisation sees them: active, sold by an approved vendor. */
const catalogueWhere = (actor: Actor) => and(eq(storeProducts.status, "active"), eq(storeVendors.status, "approved"), entityVisibleWhere(actor));

async function checkImages(ctx: Ctx, ids: string[] | undefined) {
  for (const id of ids ?? []) await ownFile(ctx, id, "product", "imageFileIds");
}

const duplicateSku = (err: unknown) => (isUniqueViolation(err) ? new DomainError("conflict", "Another of your products has this SKU", { sku: "Already used" }) : err);

export async function createProduct(ctx: Ctx, raw: z.input<typeof CreateProductInput>) {
  const input = CreateProductInput.parse(raw);
  const { vendor, entityName } = await managedVendor(ctx.db, ctx, input.vendorId, { approved: true });
  await checkImages(ctx, input.imageFileIds);
  const now = ctx.now();
  try {
    const [row] = await ctx.db.insert(storeProducts).values({ ...input, vendorId: vendor.id, createdAt: now, updatedAt: now }).returning();
    return toProductDto(row, { entityName });
  } catch (err) {
    throw duplicateSku(err);
  }
}

/** The vendor edits a product; stock never goes below what open orders hold. */
export async function updateProduct(ctx: Ctx, id: string, raw: z.input<typeof UpdateProductInput>) {
  const input = UpdateProductInput.parse(raw);
  assertUuid(id, "Product");
  await checkImages(ctx, input.imageFileIds);
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(storeProducts).where(eq(storeProducts.id, id)).for("update");
    if (!current) throw notFound("Product");
    const { entityName } = await managedVendor(tx, ctx, current.vendorId, { approved: input.status === "active" });
    const stock = input.stock ?? current.stock;
    if ((input.stockTracked ?? current.stockTracked) && stock < current.reserved) {
      throw new DomainError("conflict", `${current.reserved} are held by orders waiting for payment; stock cannot go below that`, { stock: `At least ${current.reserved}` });
    }
    try {
      const [row] = await tx.update(storeProducts).set({ ...input, updatedAt: ctx.now() }).where(eq(storeProducts.id, id)).returning();
      return toProductDto(row, { entityName });
    } catch (err) {
      throw duplicateSku(err);
    }
  });
}

export const CatalogueInput = z.object({
  q: z.string().trim().max(200).optional(),
  vendorId: z.uuid().optional(),
  currency: z.enum(CURRENCIES).optional(),
  minPrice: z.coerce.number().int().min(0).optional(),
  maxPrice: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(24),
  cursor: z.string().max(500).optional(),
});
const Cursor = z.object({ createdAt: z.iso.datetime(), id: z.uuid() });

/** The public catalogue: search in both languages' titles and descriptions, filters, newest first. */
export async function listCatalogue(ctx: Ctx, raw: z.input<typeof CatalogueInput>) {
  const input = CatalogueInput.parse(raw);
  const cursor = decodeCursor(input.cursor, Cursor);
  const like = input.q ? `%${input.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await ctx.db
    .select({ product: storeProducts, entityName: entities.name })
    .from(storeProducts)
    .innerJoin(storeVendors, eq(storeVendors.id, storeProducts.vendorId))
    .innerJoin(entities, eq(entities.id, storeVendors.entityId))
    .where(
      and(
        catalogueWhere(ctx.actor),
        like ? or(ilike(storeProducts.title, like), ilike(storeProducts.titleUk, like), ilike(storeProducts.description, like), ilike(storeProducts.descriptionUk, like), ilike(entities.name, like)) : undefined,
        input.vendorId ? eq(storeProducts.vendorId, input.vendorId) : undefined,
        input.currency ? eq(storeProducts.currency, input.currency) : undefined,
        input.minPrice !== undefined ? gte(storeProducts.priceMinor, input.minPrice) : undefined,
        input.maxPrice !== undefined ? lte(storeProducts.priceMinor, input.maxPrice) : undefined,
        cursor ? sql`(${storeProducts.createdAt}, ${storeProducts.id}) < (${new Date(cursor.createdAt)}, ${cursor.id})` : undefined,
      ),
    )
    .orderBy(desc(storeProducts.createdAt), desc(storeProducts.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => toProductDto(r.product, r)),
    nextCursor: rows.length > input.limit && last ? encodeCursor({ createdAt: last.product.createdAt.toISOString(), id: last.product.id }) : null,
  };
}

/** A product image is shown to whoever may see a product that uses it, as `getProduct` decides (`null`: no product does). */
export async function productImageVisibleTo(db: Db, actor: Actor, fileId: string): Promise<boolean | null> {
  const rows = await db
    .select({ ownerId: entities.ownerId, visible: sql<boolean>`${catalogueWhere(actor)}` })
    .from(storeProducts)
    .innerJoin(storeVendors, eq(storeVendors.id, storeProducts.vendorId))
    .innerJoin(entities, eq(entities.id, storeVendors.entityId))
    .where(sql`${fileId}::uuid = any(${storeProducts.imageFileIds})`);
  if (rows.length === 0) return null;
  return rows.some((r) => r.visible || actor.role === "admin" || (actor.userId !== null && r.ownerId === actor.userId));
}

/** A product the actor may see: in the catalogue, or any of their own vendor's (drafts too). */
export async function getProduct(ctx: Ctx, id: string) {
  assertUuid(id, "Product");
  const [row] = await ctx.db
    .select({ product: storeProducts, entityName: entities.name, ownerId: entities.ownerId, visible: sql<boolean>`${catalogueWhere(ctx.actor)}` })
    .from(storeProducts)
    .innerJoin(storeVendors, eq(storeVendors.id, storeProducts.vendorId))
    .innerJoin(entities, eq(entities.id, storeVendors.entityId))
    .where(eq(storeProducts.id, id));
  if (!row || !(row.visible || ctx.actor.role === "admin" || (ctx.actor.userId && row.ownerId === ctx.actor.userId))) throw notFound("Product");
  return toProductDto(row.product, row);
}

export async function vendorProducts(ctx: Ctx, vendorId: string) {
  const { entityName } = await managedVendor(ctx.db, ctx, vendorId);
  const rows = await ctx.db.select().from(storeProducts).where(eq(storeProducts.vendorId, vendorId)).orderBy(desc(storeProducts.updatedAt)).limit(500);
  return { items: rows.map((r) => toProductDto(r, { entityName })) };
}

/** Products of the cart that can be bought now, locked in id order (so concurrent checkouts never deadlock). */
export async function lockSellable(tx: Db, actor: Actor, ids: string[]) {
  return tx
    .select({ product: storeProducts, vendor: storeVendors, entityName: entities.name })
    .from(storeProducts)
    .innerJoin(storeVendors, eq(storeVendors.id, storeProducts.vendorId))
    .innerJoin(entities, eq(entities.id, storeVendors.entityId))
    .where(and(sql`${storeProducts.id} in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`, catalogueWhere(actor)))
    .orderBy(storeProducts.id)
    .for("update", { of: storeProducts });
}

