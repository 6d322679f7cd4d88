import { and, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { requireUser } from "@/src/platform/auth/require-user";
import type { Ctx } from "@/src/platform/context";
import type { Db } from "@/src/platform/db/client";
import { publish } from "@/src/platform/events/publish";
import { assertUuid, DomainError, notFound } from "@/src/platform/http/errors";
import { audit } from "@/src/modules/audit/service";
import { entities } from "@/src/modules/entities/schema";
import { entityVisibleWhere } from "@/src/modules/entities/service";
import { notify } from "@/src/modules/notifications/service";
import { COMMISSION_TIERS, VENDOR_TIERS, type VendorTier } from "./commission";
import { storeVendors } from "./schema";

type VendorRow = typeof storeVendors.$inferSelect;

export function toVendorDto(v: VendorRow, entity: { name: string; verified: boolean }) {
  return {
    id: v.id,
    entityId: v.entityId,
    entityName: entity.name,
    entityVerified: entity.verified,
    status: v.status,
    tier: v.tier,
    commissionBps: COMMISSION_TIERS[v.tier as VendorTier],
    payoutMethod: v.payoutMethod,
    payoutDetails: v.payoutDetails,
    note: v.note,
    createdAt: v.createdAt.toISOString(),
    decidedAt: v.decidedAt?.toISOString() ?? null,
  };
}

export const ApplyInput = z
  .object({
    entityId: z.uuid(),
    payoutMethod: z.enum(["bank", "credits"]),
    accountHolder: z.string().trim().min(2).max(200).optional(),
    iban: z
      .string()
      .transform((s) => s.replace(/\s+/g, "").toUpperCase())
      .pipe(z.string().regex(/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/, "Not an IBAN"))
      .optional(),
  })
  .refine((v) => v.payoutMethod !== "bank" || (v.accountHolder && v.iban), { message: "A bank payout needs the account holder and IBAN", path: ["iban"] });

/** The owner of a verified organisation asks to sell; a rejected application may be made again. */
export async function applyToSell(ctx: Ctx, raw: z.input<typeof ApplyInput>) {
  const actor = requireUser(ctx.actor);
  const input = ApplyInput.parse(raw);
  return ctx.db.transaction(async (tx) => {
    const [entity] = await tx.select().from(entities).where(eq(entities.id, input.entityId));
    if (!entity || (entity.ownerId !== actor.userId && actor.role !== "admin")) throw notFound("Entity");
    if (!entity.verified) throw new DomainError("conflict", "Only a verified organisation can sell: verify it first", { entityId: "Not verified" });
    if (entity.status !== "active") throw new DomainError("conflict", "A hidden organisation cannot sell");
    const [existing] = await tx.select().from(storeVendors).where(eq(storeVendors.entityId, entity.id)).for("update");
    if (existing && existing.status !== "rejected") throw new DomainError("conflict", `This organisation's application is already ${existing.status}`);
    const now = ctx.now();
    const values = { status: "applied", payoutMethod: input.payoutMethod, payoutDetails: input.payoutMethod === "bank" ? { accountHolder: input.accountHolder, iban: input.iban } : {}, appliedBy: actor.userId, note: null, updatedAt: now };
    const [vendor] = existing
      ? await tx.update(storeVendors).set(values).where(eq(storeVendors.id, existing.id)).returning()
      : await tx.insert(storeVendors).values({ entityId: entity.id, ...values, createdAt: now }).returning();
    await audit(tx, { actorId: actor.userId, action: "store.vendor_applied", targetType: "entity", targetId: entity.id, data: { vendorId: vendor.id } });
    await publish(tx, { type: "store.vendor_applied", aggregateType: "store_vendor", aggregateId: vendor.id, actorId: actor.userId, payload: { entityId: entity.id } });
    return toVendorDto(vendor, entity);
  });
}

export const DecideVendorInput = z.object({
  decision: z.enum(["approve", "reject", "suspend"]),
  tier: z.enum(VENDOR_TIERS as [VendorTier, ...VendorTier[]]).optional(),
  note: z.string().trim().max(1000).optional(),
});

const NEXT_STATUS = { approve: "approved", reject: "rejected", suspend: "suspended" } as const;
const ALLOWED_FROM: Record<keyof typeof NEXT_STATUS, string[]> = { approve: ["applied", "suspended", "approved"], reject: ["applied"], suspend: ["approved"] };

/** Admin: approve (with a tier; also how a tier changes), reject or suspend; the owner is told. */
export async function decideVendor(ctx: Ctx, vendorId: string, raw: z.input<typeof DecideVendorInput>) {
  if (ctx.actor.role !== "admin") throw new DomainError("forbidden", "Admins only");
  assertUuid(vendorId, "Vendor");
  const input = DecideVendorInput.parse(raw);
  return ctx.db.transaction(async (tx) => {
    const [vendor] = await tx.select().from(storeVendors).where(eq(storeVendors.id, vendorId)).for("update");
    if (!vendor) throw notFound("Vendor");
    if (!ALLOWED_FROM[input.decision].includes(vendor.status)) throw new DomainError("conflict", `A ${vendor.status} vendor cannot be ${NEXT_STATUS[input.decision]}`);
    const [entity] = await tx.select().from(entities).where(eq(entities.id, vendor.entityId));
    if (input.decision === "approve" && !entity.verified) throw new DomainError("conflict", "The organisation is no longer verified");
    const now = ctx.now();
    const [updated] = await tx
      .update(storeVendors)
      .set({ status: NEXT_STATUS[input.decision], tier: input.tier ?? vendor.tier, note: input.note ?? null, decidedBy: ctx.actor.userId, decidedAt: now, updatedAt: now })
      .where(eq(storeVendors.id, vendor.id))
      .returning();
    await audit(tx, { actorId: ctx.actor.userId, action: `store.vendor_${input.decision}`, targetType: "entity", targetId: entity.id, data: { vendorId: vendor.id, tier: updated.tier, note: input.note ?? null } });
    await notify(tx, { userId: entity.ownerId, type: "vendor_decided", link: "/store/sell", data: { name: entity.name, outcome: updated.status, note: input.note ?? "" }, dedupeKey: `vendor-decided:${vendor.id}:${now.toISOString()}` });
    return toVendorDto(updated, entity);
  });
}

async function withEntities(db: Db, rows: VendorRow[]) {
  if (rows.length === 0) return [];
  const owners = await db.select({ id: entities.id, name: entities.name, verified: entities.verified }).from(entities).where(inArray(entities.id, rows.map((r) => r.entityId)));
  const byId = new Map(owners.map((e) => [e.id, e]));
  return rows.map((r) => toVendorDto(r, byId.get(r.entityId)!));
}

/** The organisations the member owns, each with its vendor application if any. */
export async function mySelling(ctx: Ctx) {
  const actor = requireUser(ctx.actor);
  const owned = await ctx.db.select({ id: entities.id, name: entities.name, verified: entities.verified }).from(entities).where(eq(entities.ownerId, actor.userId)).orderBy(entities.name);
  const vendors = owned.length ? await ctx.db.select().from(storeVendors).where(inArray(storeVendors.entityId, owned.map((e) => e.id))) : [];
  return { items: owned.map((e) => ({ entity: e, vendor: vendors.find((v) => v.entityId === e.id) ? toVendorDto(vendors.find((v) => v.entityId === e.id)!, e) : null })) };
}

export const VendorListInput = z.object({ status: z.enum(["applied", "approved", "rejected", "suspended"]).optional() });

export async function listVendors(ctx: Ctx, raw: z.input<typeof VendorListInput>) {
  if (ctx.actor.role !== "admin") throw new DomainError("forbidden", "Admins only");
  const input = VendorListInput.parse(raw);
  const rows = await ctx.db.select().from(storeVendors).where(input.status ? eq(storeVendors.status, input.status) : undefined).orderBy(desc(storeVendors.updatedAt)).limit(500);
  return { items: await withEntities(ctx.db, rows) };
}

/** The vendor the actor manages (its organisation's owner, or an admin), else 404. */
export async function managedVendor(db: Db, ctx: Ctx, vendorId: string, opts: { approved?: boolean; lock?: boolean } = {}) {
  const actor = requireUser(ctx.actor);
  assertUuid(vendorId, "Vendor");
  const query = db.select({ vendor: storeVendors, ownerId: entities.ownerId, entityName: entities.name }).from(storeVendors).innerJoin(entities, eq(entities.id, storeVendors.entityId)).where(eq(storeVendors.id, vendorId));
  const [row] = opts.lock ? await query.for("update", { of: storeVendors }) : await query;
  if (!row || (row.ownerId !== actor.userId && actor.role !== "admin")) throw notFound("Vendor");
  if (opts.approved && row.vendor.status !== "approved") throw new DomainError("conflict", `This vendor is ${row.vendor.status}; only an approved vendor can do this`);
  return row;
}

export async function approvedVendorIds(db: Db, ids: string[]) {
  if (ids.length === 0) return new Set<string>();
  const rows = await db.select({ id: storeVendors.id }).from(storeVendors).where(and(inArray(storeVendors.id, ids), eq(storeVendors.status, "approved")));
  return new Set(rows.map((r) => r.id));
}

/** An approved vendor as the public sees it (its organisation must be visible to the actor), else 404. */
export async function publicVendor(ctx: Ctx, vendorId: string) {
  assertUuid(vendorId, "Vendor");
  const [row] = await ctx.db
    .select({ id: storeVendors.id, entityId: entities.id, entityName: entities.name })
    .from(storeVendors)
    .innerJoin(entities, eq(entities.id, storeVendors.entityId))
    .where(and(eq(storeVendors.id, vendorId), eq(storeVendors.status, "approved"), entityVisibleWhere(ctx.actor)));
  if (!row) throw notFound("Vendor");
  return row;
}
