import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { user } from "@/src/platform/auth/schema";
import { timestamptz } from "@/src/platform/db/columns";
import { entities } from "@/src/modules/entities/schema";
import { paymentTransactions } from "@/src/modules/payments/schema";

/** An organisation that sells: applied by its owner, approved by an admin who sets its tier. */
export const storeVendors = pgTable(
  "store_vendors",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    entityId: uuid("entity_id")
      .notNull()
      .references(() => entities.id, { onDelete: "cascade" }),
    status: text("status").notNull().default("applied"),
    tier: text("tier").notNull().default("standard"),
    payoutMethod: text("payout_method").notNull().default("bank"),
    payoutDetails: jsonb("payout_details").$type<{ accountHolder?: string; iban?: string }>().notNull().default({}),
    note: text("note"),
    appliedBy: text("applied_by").references(() => user.id, { onDelete: "set null" }),
    decidedBy: text("decided_by"),
    decidedAt: timestamptz("decided_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("store_vendors_entity_idx").on(t.entityId), check("store_vendors_status_check", sql`${t.status} in ('applied','approved','rejected','suspended')`)],
);

/** A product; with tracked stock, `reserved` never exceeds `stock` (the check is the oversell guard). */
export const storeProducts = pgTable(
  "store_products",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    vendorId: uuid("vendor_id")
      .notNull()
      .references(() => storeVendors.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    titleUk: text("title_uk"),
    description: text("description").notNull().default(""),
    descriptionUk: text("description_uk"),
    imageFileIds: uuid("image_file_ids").array().notNull().default([]),
    priceMinor: bigint("price_minor", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    sku: text("sku"),
    stockTracked: boolean("stock_tracked").notNull().default(true),
    stock: integer("stock").notNull().default(0),
    reserved: integer("reserved").notNull().default(0),
    status: text("status").notNull().default("draft"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    check("store_products_stock_check", sql`${t.reserved} >= 0 and (not ${t.stockTracked} or ${t.reserved} <= ${t.stock})`),
    check("store_products_price_check", sql`${t.priceMinor} > 0`),
    check("store_products_status_check", sql`${t.status} in ('draft','active','archived')`),
    index("store_products_list_idx").on(t.status, t.createdAt),
    index("store_products_vendor_idx").on(t.vendorId, t.status),
    uniqueIndex("store_products_sku_idx").on(t.vendorId, t.sku),
  ],
);

export const storeCartItems = pgTable(
  "store_cart_items",
  {
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    productId: uuid("product_id")
      .notNull()
      .references(() => storeProducts.id, { onDelete: "cascade" }),
    quantity: integer("quantity").notNull(),
    addedAt: timestamptz("added_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.productId] }), check("store_cart_quantity_check", sql`${t.quantity} > 0`)],
);

/** A buyer's order: one payment, one sub-order per vendor; stock held until `reservedUntil`. */
export const storeOrders = pgTable(
  "store_orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    buyerId: text("buyer_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    status: text("status").notNull().default("pending_payment"),
    totalMinor: bigint("total_minor", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    transactionId: uuid("transaction_id").references(() => paymentTransactions.id, { onDelete: "set null" }),
    reservedUntil: timestamptz("reserved_until").notNull(),
    idempotencyKey: text("idempotency_key"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [index("store_orders_buyer_idx").on(t.buyerId, t.createdAt), index("store_orders_status_idx").on(t.status, t.reservedUntil), uniqueIndex("store_orders_idem_idx").on(t.buyerId, t.idempotencyKey)],
);

/** One vendor's part of an order; commission is computed once, here, when the order is placed. */
export const storeSubOrders = pgTable(
  "store_sub_orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => storeOrders.id, { onDelete: "cascade" }),
    vendorId: uuid("vendor_id")
      .notNull()
      .references(() => storeVendors.id, { onDelete: "cascade" }),
    status: text("status").notNull().default("pending_payment"),
    subtotalMinor: bigint("subtotal_minor", { mode: "number" }).notNull(),
    commissionBps: integer("commission_bps").notNull(),
    commissionMinor: bigint("commission_minor", { mode: "number" }).notNull(),
    refundedMinor: bigint("refunded_minor", { mode: "number" }).notNull().default(0),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [index("store_sub_orders_order_idx").on(t.orderId), index("store_sub_orders_vendor_idx").on(t.vendorId, t.status)],
);

export const storeOrderItems = pgTable(
  "store_order_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    subOrderId: uuid("sub_order_id")
      .notNull()
      .references(() => storeSubOrders.id, { onDelete: "cascade" }),
    productId: uuid("product_id").references(() => storeProducts.id, { onDelete: "set null" }),
    title: text("title").notNull(),
    unitPriceMinor: bigint("unit_price_minor", { mode: "number" }).notNull(),
    quantity: integer("quantity").notNull(),
    stockTracked: boolean("stock_tracked").notNull(),
  },
  (t) => [index("store_order_items_sub_idx").on(t.subOrderId)],
);

/** What a vendor is owed for a sub-order (a sale) or gives back (a refund, negative); paid in a payout batch. */
export const storeSettlementLines = pgTable(
  "store_settlement_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    subOrderId: uuid("sub_order_id")
      .notNull()
      .references(() => storeSubOrders.id, { onDelete: "cascade" }),
    vendorId: uuid("vendor_id")
      .notNull()
      .references(() => storeVendors.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    grossMinor: bigint("gross_minor", { mode: "number" }).notNull(),
    commissionMinor: bigint("commission_minor", { mode: "number" }).notNull(),
    netMinor: bigint("net_minor", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    dueAt: timestamptz("due_at").notNull(),
    payoutId: uuid("payout_id"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [index("store_settlement_due_idx").on(t.vendorId, t.payoutId, t.dueAt)],
);

/** A batch of due settlement lines for one vendor and currency; paid by bank transfer or to credits. */
export const storePayouts = pgTable(
  "store_payouts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    vendorId: uuid("vendor_id")
      .notNull()
      .references(() => storeVendors.id, { onDelete: "cascade" }),
    currency: text("currency").notNull(),
    netMinor: bigint("net_minor", { mode: "number" }).notNull(),
    lines: integer("lines").notNull(),
    status: text("status").notNull().default("pending"),
    method: text("method"),
    reference: text("reference"),
    paidBy: text("paid_by"),
    paidAt: timestamptz("paid_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [index("store_payouts_vendor_idx").on(t.vendorId, t.createdAt)],
);
