import { and, asc, desc, eq, inArray, max, sql } from "drizzle-orm";
import { z } from "zod";
import { user } from "@/src/platform/auth/schema";
import { requireUser } from "@/src/platform/auth/require-user";
import { ringConfig } from "@/src/platform/config/ring-config";
import type { Ctx } from "@/src/platform/context";
import type { Db } from "@/src/platform/db/client";
import { publish } from "@/src/platform/events/publish";
import { assertUuid, DomainError, notFound } from "@/src/platform/http/errors";
import { ownFile } from "@/src/platform/storage/service";
import { audit } from "@/src/modules/audit/service";
import { entities } from "@/src/modules/entities/schema";
import { notifyMany } from "@/src/modules/notifications/service";
import { verificationCounters, verificationProcedures, verificationTransitions } from "./schema";
import {
  assertVerificationMove,
  DEFAULT_REQUIREMENTS,
  DOCUMENT_KINDS,
  OPEN_STATUSES,
  procedureNumber,
  VERIFICATION_STATUSES,
  type DocumentKind,
  type VerificationItem,
  type VerificationStatus,
} from "./states";

type Procedure = typeof verificationProcedures.$inferSelect;
type EntityRow = typeof entities.$inferSelect;

/** The documents this organisation's type needs, from ring-config (`verificationRequirements`) or the default. */
export function requirementsFor(entityType: string): readonly DocumentKind[] {
  const configured = ringConfig().verificationRequirements;
  return (configured[entityType] ?? configured.default ?? DEFAULT_REQUIREMENTS) as DocumentKind[];
}

/** The next number of the year, allocated atomically (concurrent requests never share one). */
async function nextNumber(tx: Db, now: Date): Promise<string> {
  const year = now.getUTCFullYear();
  const [row] = await tx
    .insert(verificationCounters)
    .values({ year, last: 1 })
    .onConflictDoUpdate({ target: verificationCounters.year, set: { last: sql`${verificationCounters.last} + 1` } })
    .returning({ last: verificationCounters.last });
  return procedureNumber(year, row.last);
}

async function recordMove(tx: Db, p: Procedure, to: VerificationStatus, actorId: string | null, note: string | null, now: Date) {
  await tx.insert(verificationTransitions).values({ procedureId: p.id, fromStatus: p.status === to ? null : p.status, toStatus: to, actorId, note, createdAt: now });
}

async function toDto(db: Db, p: Procedure) {
  const history = await db.select().from(verificationTransitions).where(eq(verificationTransitions.procedureId, p.id)).orderBy(asc(verificationTransitions.createdAt));
  const [claimer] = p.claimedBy ? await db.select({ name: user.name }).from(user).where(eq(user.id, p.claimedBy)) : [];
  return {
    id: p.id,
    number: p.number,
    entityId: p.entityId,
    attempt: p.attempt,
    status: p.status as VerificationStatus,
    items: p.items.map((i) => ({ ...i, url: i.fileId ? `/api/v1/files/${i.fileId}` : null })),
    claimedBy: p.claimedBy ? { id: p.claimedBy, name: claimer?.name ?? null } : null,
    decisionNote: p.decisionNote,
    submittedAt: p.submittedAt?.toISOString() ?? null,
    decidedAt: p.decidedAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
    history: history.map((h) => ({ from: h.fromStatus, to: h.toStatus, actorId: h.actorId, note: h.note, at: h.createdAt.toISOString() })),
  };
}
export type VerificationDto = Awaited<ReturnType<typeof toDto>>;

async function ownedEntity(tx: Db, ctx: Ctx, entityId: string, lock = false): Promise<EntityRow> {
  const actor = requireUser(ctx.actor);
  assertUuid(entityId, "Entity");
  const query = tx.select().from(entities).where(eq(entities.id, entityId));
  const [entity] = lock ? await query.for("update") : await query;
  if (!entity || (entity.ownerId !== actor.userId && actor.role !== "admin")) throw notFound("Entity");
  return entity;
}

async function procedureFor(tx: Db, id: string, lock = true): Promise<Procedure> {
  assertUuid(id, "Verification");
  const query = tx.select().from(verificationProcedures).where(eq(verificationProcedures.id, id));
  const [p] = lock ? await query.for("update") : await query;
  if (!p) throw notFound("Verification");
  return p;
}

/** The owner's latest procedure for an organisation (null if never requested). */
export async function currentVerification(ctx: Ctx, entityId: string): Promise<VerificationDto | null> {
  await ownedEntity(ctx.db, ctx, entityId);
  const [p] = await ctx.db.select().from(verificationProcedures).where(eq(verificationProcedures.entityId, entityId)).orderBy(desc(verificationProcedures.attempt)).limit(1);
  return p ? toDto(ctx.db, p) : null;
}

/**
 * `requestEntityVerification`: the owner opens a procedure (or gets the open one back) with one item
 * per required document. An organisation already verified: 409.
 */
export async function requestVerification(ctx: Ctx, entityId: string): Promise<{ created: boolean; procedure: VerificationDto }> {
  const actor = requireUser(ctx.actor);
  return ctx.db.transaction(async (tx) => {
    const entity = await ownedEntity(tx, ctx, entityId, true);
    if (entity.ownerId !== actor.userId) throw new DomainError("forbidden", "Only the owner can request verification");
    if (entity.verified) throw new DomainError("conflict", "This organisation is already verified");
    const [open] = await tx
      .select()
      .from(verificationProcedures)
      .where(and(eq(verificationProcedures.entityId, entityId), inArray(verificationProcedures.status, [...OPEN_STATUSES])));
    if (open) return { created: false, procedure: await toDto(tx, open) };
    const [{ last }] = await tx.select({ last: max(verificationProcedures.attempt) }).from(verificationProcedures).where(eq(verificationProcedures.entityId, entityId));
    const items: VerificationItem[] = requirementsFor(entity.type).map((kind) => ({ kind, status: "missing", fileId: null, reason: null }));
    const now = ctx.now();
    const [p] = await tx
      .insert(verificationProcedures)
      .values({ number: await nextNumber(tx, now), entityId, applicantId: actor.userId, attempt: (last ?? 0) + 1, status: "draft", items, createdAt: now, updatedAt: now })
      .returning();
    await recordMove(tx, p, "draft", actor.userId, null, now);
    return { created: true, procedure: await toDto(tx, p) };
  });
}

export const AttachInput = z.object({ fileId: z.uuid() });

/** The owner attaches an uploaded document (purpose `verification`) to one required item, while the procedure is editable. */
export async function attachDocument(ctx: Ctx, procedureId: string, kind: string, raw: z.input<typeof AttachInput>): Promise<VerificationDto> {
  const actor = requireUser(ctx.actor);
  const input = AttachInput.parse(raw);
  return ctx.db.transaction(async (tx) => {
    const p = await procedureFor(tx, procedureId);
    if (p.applicantId !== actor.userId) throw notFound("Verification");
    if (p.status !== "draft" && p.status !== "changes_requested") throw new DomainError("conflict", "Documents can be changed only before submitting or when changes are requested");
    const item = p.items.find((i) => i.kind === kind);
    // The kind comes from the path: one this procedure does not ask for names nothing, as for admins.
    if (!item) throw notFound("Document");
    if (item.status === "accepted") throw new DomainError("conflict", "This document was already accepted");
    await ownFile({ ...ctx, db: tx }, input.fileId, "verification", "fileId");
    const items = p.items.map((i) => (i.kind === kind ? { ...i, status: "submitted" as const, fileId: input.fileId, reason: null } : i));
    const [updated] = await tx.update(verificationProcedures).set({ items, updatedAt: ctx.now() }).where(eq(verificationProcedures.id, p.id)).returning();
    return toDto(tx, updated);
  });
}

/** The owner submits (or resubmits after changes were requested); every item needs a document. */
export async function submitVerification(ctx: Ctx, procedureId: string): Promise<VerificationDto> {
  const actor = requireUser(ctx.actor);
  return ctx.db.transaction(async (tx) => {
    const p = await procedureFor(tx, procedureId);
    if (p.applicantId !== actor.userId) throw notFound("Verification");
    assertVerificationMove(p.status as VerificationStatus, "submitted", "owner");
    const missing = p.items.filter((i) => i.status === "missing" || i.status === "rejected");
    if (missing.length) throw new DomainError("validation_failed", "Attach every required document first", Object.fromEntries(missing.map((i) => [i.kind, "Required"])));
    const now = ctx.now();
    const [updated] = await tx.update(verificationProcedures).set({ status: "submitted", submittedAt: now, claimedBy: null, claimedAt: null, updatedAt: now }).where(eq(verificationProcedures.id, p.id)).returning();
    await recordMove(tx, p, "submitted", actor.userId, null, now);
    await publish(tx, { type: "verification.submitted", aggregateType: "entity", aggregateId: p.entityId, actorId: actor.userId, payload: { procedureId: p.id, number: p.number } });
    return toDto(tx, updated);
  });
}

export const QueueInput = z.object({ status: z.enum(VERIFICATION_STATUSES).optional(), type: z.string().max(60).optional() });

/** The admin queue: open procedures (or one status), oldest submission first, optionally one entity type. */
export async function verificationQueue(ctx: Ctx, raw: z.input<typeof QueueInput>) {
  if (ctx.actor.role !== "admin") throw new DomainError("forbidden", "Admins only");
  const input = QueueInput.parse(raw);
  const statuses = input.status ? [input.status] : ["submitted", "under_review"];
  const rows = await ctx.db
    .select({ p: verificationProcedures, entity: { name: entities.name, type: entities.type } })
    .from(verificationProcedures)
    .innerJoin(entities, eq(entities.id, verificationProcedures.entityId))
    .where(and(inArray(verificationProcedures.status, statuses), input.type ? eq(entities.type, input.type) : undefined))
    .orderBy(asc(verificationProcedures.submittedAt), asc(verificationProcedures.createdAt))
    .limit(200);
  return { items: await Promise.all(rows.map(async (r) => ({ ...(await toDto(ctx.db, r.p)), entity: { id: r.p.entityId, ...r.entity } }))) };
}

/** An admin takes a submitted procedure (-> under_review); someone else's claim is a 409. */
export async function claimVerification(ctx: Ctx, procedureId: string): Promise<VerificationDto> {
  if (ctx.actor.role !== "admin") throw new DomainError("forbidden", "Admins only");
  const adminId = ctx.actor.userId!;
  return ctx.db.transaction(async (tx) => {
    const p = await procedureFor(tx, procedureId);
    if (p.status === "under_review" && p.claimedBy === adminId) return toDto(tx, p);
    if (p.status === "under_review") throw new DomainError("conflict", "Another admin has claimed this procedure");
    assertVerificationMove(p.status as VerificationStatus, "under_review", "admin");
    const now = ctx.now();
    const [updated] = await tx.update(verificationProcedures).set({ status: "under_review", claimedBy: adminId, claimedAt: now, updatedAt: now }).where(eq(verificationProcedures.id, p.id)).returning();
    await recordMove(tx, p, "under_review", adminId, null, now);
    return toDto(tx, updated);
  });
}

function assertClaimedBy(p: Procedure, adminId: string) {
  if (p.status !== "under_review") throw new DomainError("conflict", `The procedure is ${p.status}, not under review`);
  if (p.claimedBy !== adminId) throw new DomainError("conflict", "Claim the procedure first; another admin may be deciding it");
}

export const ItemDecisionInput = z
  .object({ decision: z.enum(["accept", "reject"]), reason: z.string().trim().max(1000).optional() })
  .refine((v) => v.decision === "accept" || Boolean(v.reason), { message: "Say why the document is rejected", path: ["reason"] });

/** The claiming admin accepts or rejects one document (with a reason). */
export async function decideItem(ctx: Ctx, procedureId: string, kind: string, raw: z.input<typeof ItemDecisionInput>): Promise<VerificationDto> {
  if (ctx.actor.role !== "admin") throw new DomainError("forbidden", "Admins only");
  const input = ItemDecisionInput.parse(raw);
  return ctx.db.transaction(async (tx) => {
    const p = await procedureFor(tx, procedureId);
    assertClaimedBy(p, ctx.actor.userId!);
    const item = p.items.find((i) => i.kind === kind);
    if (!item || !DOCUMENT_KINDS.includes(kind as DocumentKind)) throw notFound("Document");
    if (item.status === "missing") throw new DomainError("conflict", "No document was attached for this item");
    const items = p.items.map((i) => (i.kind === kind ? { ...i, status: input.decision === "accept" ? ("accepted" as const) : ("rejected" as const), reason: input.reason ?? null } : i));
    const [updated] = await tx.update(verificationProcedures).set({ items, updatedAt: ctx.now() }).where(eq(verificationProcedures.id, p.id)).returning();
    return toDto(tx, updated);
  });
}

/**
 * An owner renamed their verified organisation and entities took the badge away: the approved
 * procedure is revoked by the ring with both names as its note, and the owner is told to verify
 * again. Runs from the `entity.verification_lapsed` event; once per event (`key`).
 */
export async function lapseVerification(tx: Db, lapse: { entityId: string; ownerId: string; from: string; to: string; key: string; now: Date }): Promise<void> {
  const note = `“${lapse.from}” → “${lapse.to}”`;
  const [approved] = await tx
    .select()
    .from(verificationProcedures)
    .where(and(eq(verificationProcedures.entityId, lapse.entityId), eq(verificationProcedures.status, "approved")))
    .orderBy(desc(verificationProcedures.attempt))
    .limit(1)
    .for("update");
  if (approved) {
    assertVerificationMove("approved", "revoked", "system");
    await tx.update(verificationProcedures).set({ status: "revoked", decisionNote: note, decidedAt: lapse.now, updatedAt: lapse.now }).where(eq(verificationProcedures.id, approved.id));
    await recordMove(tx, approved, "revoked", null, note, lapse.now);
  }
  await notifyMany(tx, [
    { userId: lapse.ownerId, type: "verification_decided", link: `/entities/${lapse.entityId}`, data: { name: lapse.to, outcome: "renamed", note }, dedupeKey: `verification:lapsed:${lapse.key}` },
  ]);
}

export const DecisionInput = z.object({
  decision: z.enum(["approve", "reject", "request_changes", "revoke"]),
  note: z.string().trim().min(1, "Required").max(2000),
});

const DECISION_STATUS = { approve: "approved", reject: "rejected", request_changes: "changes_requested", revoke: "revoked" } as const;

/**
 * The claiming admin decides (revoke: any admin, on an approved one). Approve accepts every submitted
 * document and sets the badge; revoke removes it. The owner is told every decision with the note.
 * The move is one conditional UPDATE: of two concurrent decisions one wins, the other gets 409.
 */
export async function decideVerification(ctx: Ctx, procedureId: string, raw: z.input<typeof DecisionInput>): Promise<VerificationDto> {
  if (ctx.actor.role !== "admin") throw new DomainError("forbidden", "Admins only");
  const adminId = ctx.actor.userId!;
  const input = DecisionInput.parse(raw);
  const to = DECISION_STATUS[input.decision];
  return ctx.db.transaction(async (tx) => {
    const p = await procedureFor(tx, procedureId, false);
    if (input.decision !== "revoke") assertClaimedBy(p, adminId);
    assertVerificationMove(p.status as VerificationStatus, to, "admin");
    if (input.decision === "request_changes" && !p.items.some((i) => i.status === "rejected")) {
      throw new DomainError("validation_failed", "Reject at least one document to say what must change", { items: "Reject a document first" });
    }
    const now = ctx.now();
    const items = input.decision === "approve" ? p.items.map((i) => (i.status === "submitted" ? { ...i, status: "accepted" as const } : i)) : p.items;
    const [updated] = await tx
      .update(verificationProcedures)
      .set({ status: to, items, decisionNote: input.note, decidedAt: now, updatedAt: now })
      .where(and(eq(verificationProcedures.id, p.id), eq(verificationProcedures.status, p.status)))
      .returning();
    if (!updated) throw new DomainError("conflict", "The procedure was decided meanwhile");
    await recordMove(tx, p, to, adminId, input.note, now);
    const [entity] = await tx.select().from(entities).where(eq(entities.id, p.entityId)).for("update");
    if (input.decision === "approve" || input.decision === "revoke") {
      const verified = input.decision === "approve";
      await tx.update(entities).set({ verified, verifiedAt: verified ? now : null, updatedAt: now }).where(eq(entities.id, p.entityId));
      await publish(tx, { type: "entity.updated", aggregateType: "entity", aggregateId: p.entityId, actorId: adminId, payload: { fields: ["verified"] } });
    }
    await notifyMany(tx, [
      { userId: p.applicantId, type: "verification_decided", link: `/entities/${p.entityId}`, data: { name: entity?.name ?? p.number, outcome: to, note: input.note }, dedupeKey: `verification:${p.id}:${to}:${now.toISOString()}` },
    ]);
    await audit(tx, { actorId: adminId, action: `verification.${input.decision}`, targetType: "entity", targetId: p.entityId, data: { number: p.number, note: input.note } });
    return toDto(tx, updated);
  });
}
