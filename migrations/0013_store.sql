CREATE TABLE "store_cart_items" (
	"user_id" text NOT NULL,
	"product_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"added_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "store_cart_items_user_id_product_id_pk" PRIMARY KEY("user_id","product_id"),
	CONSTRAINT "store_cart_quantity_check" CHECK ("store_cart_items"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "store_order_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sub_order_id" uuid NOT NULL,
	"product_id" uuid,
	"title" text NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	"quantity" integer NOT NULL,
	"stock_tracked" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "store_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"buyer_id" text NOT NULL,
	"status" text DEFAULT 'pending_payment' NOT NULL,
	"total_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"transaction_id" uuid,
	"reserved_until" timestamp (3) with time zone NOT NULL,
	"idempotency_key" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "store_payouts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"net_minor" bigint NOT NULL,
	"lines" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"method" text,
	"reference" text,
	"paid_by" text,
	"paid_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "store_products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_id" uuid NOT NULL,
	"title" text NOT NULL,
	"title_uk" text,
	"description" text DEFAULT '' NOT NULL,
	"description_uk" text,
	"image_file_ids" uuid[] DEFAULT '{}' NOT NULL,
	"price_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"sku" text,
	"stock_tracked" boolean DEFAULT true NOT NULL,
	"stock" integer DEFAULT 0 NOT NULL,
	"reserved" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "store_products_stock_check" CHECK ("store_products"."reserved" >= 0 and (not "store_products"."stock_tracked" or "store_products"."reserved" <= "store_products"."stock")),
	CONSTRAINT "store_products_price_check" CHECK ("store_products"."price_minor" > 0),
	CONSTRAINT "store_products_status_check" CHECK ("store_products"."status" in ('draft','active','archived'))
);
--> statement-breakpoint
CREATE TABLE "store_settlement_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sub_order_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"gross_minor" bigint NOT NULL,
	"commission_minor" bigint NOT NULL,
	"net_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"due_at" timestamp (3) with time zone NOT NULL,
	"payout_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "store_sub_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"status" text DEFAULT 'pending_payment' NOT NULL,
	"subtotal_minor" bigint NOT NULL,
	"commission_bps" integer NOT NULL,
	"commission_minor" bigint NOT NULL,
	"refunded_minor" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "store_vendors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entity_id" uuid NOT NULL,
	"status" text DEFAULT 'applied' NOT NULL,
	"tier" text DEFAULT 'standard' NOT NULL,
	"payout_method" text DEFAULT 'bank' NOT NULL,
	"payout_details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"note" text,
	"applied_by" text,
	"decided_by" text,
	"decided_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "store_vendors_status_check" CHECK ("store_vendors"."status" in ('applied','approved','rejected','suspended'))
);
--> statement-breakpoint
ALTER TABLE "store_cart_items" ADD CONSTRAINT "store_cart_items_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_cart_items" ADD CONSTRAINT "store_cart_items_product_id_store_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."store_products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_order_items" ADD CONSTRAINT "store_order_items_sub_order_id_store_sub_orders_id_fk" FOREIGN KEY ("sub_order_id") REFERENCES "public"."store_sub_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_order_items" ADD CONSTRAINT "store_order_items_product_id_store_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."store_products"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_orders" ADD CONSTRAINT "store_orders_buyer_id_user_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_orders" ADD CONSTRAINT "store_orders_transaction_id_payment_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."payment_transactions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_payouts" ADD CONSTRAINT "store_payouts_vendor_id_store_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."store_vendors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_products" ADD CONSTRAINT "store_products_vendor_id_store_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."store_vendors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_settlement_lines" ADD CONSTRAINT "store_settlement_lines_sub_order_id_store_sub_orders_id_fk" FOREIGN KEY ("sub_order_id") REFERENCES "public"."store_sub_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_settlement_lines" ADD CONSTRAINT "store_settlement_lines_vendor_id_store_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."store_vendors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_sub_orders" ADD CONSTRAINT "store_sub_orders_order_id_store_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."store_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_sub_orders" ADD CONSTRAINT "store_sub_orders_vendor_id_store_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."store_vendors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_vendors" ADD CONSTRAINT "store_vendors_entity_id_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."entities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_vendors" ADD CONSTRAINT "store_vendors_applied_by_user_id_fk" FOREIGN KEY ("applied_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "store_order_items_sub_idx" ON "store_order_items" USING btree ("sub_order_id");--> statement-breakpoint
CREATE INDEX "store_orders_buyer_idx" ON "store_orders" USING btree ("buyer_id","created_at");--> statement-breakpoint
CREATE INDEX "store_orders_status_idx" ON "store_orders" USING btree ("status","reserved_until");--> statement-breakpoint
CREATE UNIQUE INDEX "store_orders_idem_idx" ON "store_orders" USING btree ("buyer_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "store_payouts_vendor_idx" ON "store_payouts" USING btree ("vendor_id","created_at");--> statement-breakpoint
CREATE INDEX "store_products_list_idx" ON "store_products" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "store_products_vendor_idx" ON "store_products" USING btree ("vendor_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "store_products_sku_idx" ON "store_products" USING btree ("vendor_id","sku");--> statement-breakpoint
CREATE INDEX "store_settlement_due_idx" ON "store_settlement_lines" USING btree ("vendor_id","payout_id","due_at");--> statement-breakpoint
CREATE INDEX "store_sub_orders_order_idx" ON "store_sub_orders" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "store_sub_orders_vendor_idx" ON "store_sub_orders" USING btree ("vendor_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "store_vendors_entity_idx" ON "store_vendors" USING btree ("entity_id");