import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { visibilitiesFor, type Visibility } from "@/src/platform/access/visibility";
import { requireAdmin } from "@/src/platform/auth/require-user";
import type { Role } from "@/src/platform/auth/roles";
import { session, user } from "@/src/platform/auth/schema";
import { defineUseCase } from "@/src/platform/context";
import type { Db } from "@/src/platform/db/client";
import { publish } from "@/src/platform/events/publish";
import { DomainError, notFound } from "@/src/platform/http/errors";
import { audit } from "@/src/modules/audit/service";
import { entities } from "@/src/modules/entities/schema";
import { toEntityDto } from "@/src/modules/entities/service";
import { notifyMany } from "@/src/modules/notifications/service";
import { opportunities } from "@/src/modules/opportunities/schema";
import { restoreListingsOf, withdrawListing, withdrawListingsOf } from "@/src/modules/opportunities/service";
import { appeals, reports } from "./schema";

export const ENTITY_ACTIONS = ["dismiss", "hide", "restore", "suspend_owner"] as const;

export const EntityActionInput = z.object({
  entityId: z.uuid(),
  action: z.enum(ENTITY_ACTIONS),
  note: z.string().trim().min(1, "Required").max(2000),
});

type EntityRow = typeof entities.$inferSelect;

/** Closes open reports (of an organisation, or of one listing) and tells each reporter the outcome (never who else reported). */
async function resolveReports(tx: Db, subject: { id: string; name: string; visibility: Visibility; field: "entityId" | "targetId" }, outcome: "dismissed" | "actioned", adminId: string | null, note: string, now: Date): Promise<number> {
  const closed = await tx
    .update(reports)
    .set({ status: outcome, resolvedBy: adminId, resolvedAt: now, resolutionNote: note })
    .where(and(eq(reports[subject.field], subject.id), eq(reports.status, "open")))
    .returning({ reporterId: reports.reporterId });
  const reporters = [...new Set(closed.map((r) => r.reporterId))];
  // The name is told only to reporters whose role reaches the organisation's visibility now: one made
  // confidential (and perhaps renamed) since the report must not reveal its new name.
  const roles = reporters.length ? await tx.select({ id: user.id, role: user.role }).from(user).where(inArray(user.id, reporters)) : [];
  const mayKnowName = new Set(roles.filter((r) => visibilitiesFor({ kind: "user", userId: r.id, role: r.role as Role, email: "", name: "" }).includes(subject.visibility)).map((r) => r.id));
  await notifyMany(
    tx,
    reporters.map((userId) => ({
      userId,
      type: "report_resolved" as const,
      link: null,
      data: (mayKnowName.has(userId) ? { name: subject.name, outcome } : { name: "", withheld: "yes", outcome }) as Record<string, string>,
      dedupeKey: `report:${subject.id}:${now.toISOString()}`,
    })),
  );
  return closed.length;
}

const orgSubject = (entity: EntityRow) => ({ id: entity.id, name: entity.name, visibility: entity.visibility as Visibility, field: "entityId" as const });

/** An open appeal about this organisation gets its final answer, told to the owner. */
async function decideAppeal(tx: Db, entity: EntityRow, outcome: "upheld" | "overturned", adminId: string, note: string, now: Date): Promise<boolean> {
  const [appeal] = await tx
    .update(appeals)
    .set({ status: outcome, decidedBy: adminId, decidedAt: now, note })
    .where(and(eq(appeals.entityId, entity.id), eq(appeals.status, "open")))
    .returning();
  if (!appeal) return false;
  await notifyMany(tx, [{ userId: appeal.ownerId, type: "appeal_decided", link: `/entities/${entity.id}`, data: { name: entity.name, outcome, note }, dedupeKey: `appeal:${appeal.id}` }]);
  return true;
}

/**
 * Hides an organisation: it and its listings vanish for everyone but the owner and admins; its open
 * reports are actioned; the owner is told and may appeal. `adminId` null means the auto-hide threshold.
 */
export async function hideEntity(tx: Db, entity: EntityRow, adminId: string | null, note: string, now: Date): Promise<EntityRow> {
  const [updated] = await tx.update(entities).set({ status: "hidden", updatedAt: now }).where(eq(entities.id, entity.id)).returning();
  await resolveReports(tx, orgSubject(entity), "actioned", adminId, note, now);
  await notifyMany(tx, [{ userId: entity.ownerId, type: "entity_hidden", link: `/entities/${entity.id}`, data: { name: entity.name, note }, dedupeKey: `hidden:${entity.id}:${now.toISOString()}` }]);
  if (adminId === null) await audit(tx, { actorId: adminId, action: "entity.hide", targetType: "entity", targetId: entity.id, data: { note, name: entity.name } });
  await publish(tx, { type: "entity.hidden", aggregateType: "entity", aggregateId: entity.id, actorId: adminId, payload: { note } });
  return updated;
}

/** The owner can no longer sign in (sessions end now); their organisations are hidden and their live listings withdrawn. */
async function suspendOwner(tx: Db, entity: EntityRow, adminId: string, note: string, now: Date): Promise<EntityRow> {
  await suspendAccount(tx, entity.ownerId, adminId, note, now);
  const [current] = await tx.select().from(entities).where(eq(entities.id, entity.id));
  return current;
}

/** Suspends an account: no sign-in (sessions end now), its organisations hidden, its live listings withdrawn; audited through events. */
export async function suspendAccount(tx: Db, userId: string, adminId: string, note: string, now: Date) {
  if (userId === adminId) throw new DomainError("conflict", "You cannot suspend yourself");
  const [owner] = await tx.select().from(user).where(eq(user.id, userId)).for("update");
  if (!owner) throw notFound("Owner");
  if (owner.role === "admin") throw new DomainError("conflict", "Admins cannot be suspended; change their role first");
  if (owner.suspendedAt) throw new DomainError("conflict", "The account is already suspended");
  await tx.update(user).set({ suspendedAt: now }).where(eq(user.id, owner.id));
  await tx.delete(session).where(eq(session.userId, owner.id));
  const owned = await tx.select().from(entities).where(and(eq(entities.ownerId, owner.id), inArray(entities.status, ["active"]))).for("update");
  for (const e of owned) await hideEntity(tx, e, adminId, note, now);
  await withdrawListingsOf(tx, owner.id, adminId, note, now);
  await publish(tx, { type: "user.suspended", aggregateType: "user", aggregateId: owner.id, actorId: adminId, payload: { note } });
  return { id: owner.id, email: owner.email, suspendedAt: now, organisationsHidden: owned.length };
}

export const UnsuspendInput = z.object({
  userId: z.string().min(1).max(200),
  note: z.string().trim().max(2000).optional(),
});

/**
 * Lifts a suspension: the member can sign in again and the listings the suspension withdrew return
 * to their previous state (`restoreListingsOf`). Organisations it hid stay hidden until an admin
 * restores them (the owner may appeal). Admins only, audited; a second call changes nothing.
 */
export const unsuspendAccount = defineUseCase(UnsuspendInput, async (ctx, input, tx) => {
  const admin = requireAdmin(ctx.actor);
  const [target] = await tx.select().from(user).where(eq(user.id, input.userId)).for("update");
  if (!target) throw notFound("User");
  if (!target.suspendedAt) return { id: target.id, email: target.email, suspendedAt: null, listingsRestored: 0, changed: false };
  const now = ctx.now();
  const note = input.note || "Suspension lifted";
  await tx.update(user).set({ suspendedAt: null }).where(eq(user.id, target.id));
  const listingsRestored = await restoreListingsOf(tx, target.id, target.suspendedAt, admin.userId, note, now);
  await audit(tx, { actorId: admin.userId, action: "user.unsuspend", targetType: "user", targetId: target.id, data: { note, email: target.email, suspendedAt: target.suspendedAt.toISOString(), listingsRestored } });
  await publish(tx, { type: "user.unsuspended", aggregateType: "user", aggregateId: target.id, actorId: admin.userId, payload: { note, listingsRestored } });
  return { id: target.id, email: target.email, suspendedAt: null, listingsRestored, changed: true };
});

/**
 * Admin moderation of an organisation, each with a note, audited:
 * `dismiss` closes open reports (and upholds an open appeal), `hide`, `restore` (overturns an open
 * appeal), `suspend_owner`. A move to the state it is already in is a 409.
 */
export const moderateEntity = defineUseCase(EntityActionInput, async (ctx, input, tx) => {
  if (ctx.actor.role !== "admin") throw new DomainError("forbidden", "Admins only");
  const adminId = ctx.actor.userId!;
  const now = ctx.now();
  const [row] = await tx.select().from(entities).where(eq(entities.id, input.entityId)).for("update");
  if (!row) throw notFound("Entity");
  let result = row;
  if (input.action === "dismiss") {
    const closed = await resolveReports(tx, orgSubject(row), "dismissed", adminId, input.note, now);
    const appealed = await decideAppeal(tx, row, "upheld", adminId, input.note, now);
    if (!closed && !appealed) throw new DomainError("conflict", "There is nothing open to dismiss");
  } else if (input.action === "hide") {
    if (row.status === "hidden") throw new DomainError("conflict", "The organisation is already hidden");
    result = await hideEntity(tx, row, adminId, input.note, now);
  } else if (input.action === "restore") {
    if (row.status !== "hidden") throw new DomainError("conflict", "The organisation is not hidden");
    [result] = await tx.update(entities).set({ status: "active", updatedAt: now }).where(eq(entities.id, row.id)).returning();
    await decideAppeal(tx, row, "overturned", adminId, input.note, now);
    await publish(tx, { type: "entity.restored", aggregateType: "entity", aggregateId: row.id, actorId: adminId, payload: { note: input.note } });
  } else {
    result = await suspendOwner(tx, row, adminId, input.note, now);
  }
  await audit(tx, { actorId: adminId, action: `entity.${input.action}`, targetType: "entity", targetId: row.id, data: { note: input.note, name: row.name } });
  return toEntityDto(result);
});

export const OpportunityActionInput = z.object({
  opportunityId: z.uuid(),
  action: z.enum(["dismiss", "hide"]),
  note: z.string().trim().min(1, "Required").max(2000),
});

/**
 * Reports on a listing without an organisation: `dismiss` closes them; `hide` withdraws the listing
 * (active -> closed, pending -> rejected, with the note on its timeline) and actions them.
 */
export const moderateOpportunity = defineUseCase(OpportunityActionInput, async (ctx, input, tx) => {
  if (ctx.actor.role !== "admin") throw new DomainError("forbidden", "Admins only");
  const adminId = ctx.actor.userId!;
  const now = ctx.now();
  const [row] = await tx.select().from(opportunities).where(eq(opportunities.id, input.opportunityId)).for("update");
  if (!row) throw notFound("Opportunity");
  const subject = { id: row.id, name: row.title, visibility: row.visibility as Visibility, field: "targetId" as const };
  if (input.action === "dismiss") {
    if (!(await resolveReports(tx, subject, "dismissed", adminId, input.note, now))) throw new DomainError("conflict", "There is nothing open to dismiss");
  } else {
    if (row.status !== "active" && row.status !== "pending") throw new DomainError("conflict", `The listing is already ${row.status}`);
    await withdrawListing(tx, row, adminId, input.note, now);
    await resolveReports(tx, subject, "actioned", adminId, input.note, now);
  }
  await audit(tx, { actorId: adminId, action: `opportunity.moderation_${input.action}`, targetType: "opportunity", targetId: row.id, data: { note: input.note, title: row.title } });
  const [current] = await tx.select().from(opportunities).where(eq(opportunities.id, row.id));
  return { id: current.id, title: current.title, status: current.status };
});
