import { requireUser } from "@/src/platform/auth/require-user";
import { and, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { canChooseVisibility, canView, canViewWhere, VISIBILITIES, type Visibility } from "@/src/platform/access/visibility";
import { hasRole, type Actor } from "@/src/platform/auth/roles";
import { defineUseCase, type Ctx } from "@/src/platform/context";
import type { Db } from "@/src/platform/db/client";
import { publish } from "@/src/platform/events/publish";
import { assertUuid, DomainError, notFound } from "@/src/platform/http/errors";
import { cursorTime, decodeCursor, encodeCursor } from "@/src/platform/http/pagination";
import { opportunities } from "@/src/modules/opportunities/schema";
import { searchQuery } from "@/src/modules/opportunities/search-text";
import { ownFile } from "@/src/platform/storage/service";
import { audit } from "@/src/modules/audit/service";
import { CreateEntityInput, ListEntitiesInput, UpdateEntityInput } from "./inputs";
import { entities } from "./schema";
import { z as zod } from "zod";

export type EntityRow = typeof entities.$inferSelect;

export function entityViewable(row: Pick<EntityRow, "id" | "visibility" | "ownerId" | "status">) {
  return { visibility: row.visibility as Visibility, ownerId: row.ownerId, live: row.status === "active", entityId: row.id };
}

export const entityVisibleWhere = (actor: Actor) =>
  canViewWhere(actor, { visibility: entities.visibility, ownerId: entities.ownerId, live: sql`${entities.status} = 'active'`, entityId: entities.id });

/** A logo is shown to whoever may see an organisation that uses it (`null`: no organisation does). */
export async function logoVisibleTo(db: Db, actor: Actor, fileId: string): Promise<boolean | null> {
  const users = await db.select().from(entities).where(eq(entities.logoFileId, fileId));
  if (users.length === 0) return null;
  return users.some((e) => canView(actor, entityViewable(e)));
}

export function toEntityDto(row: EntityRow) {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    shortDescription: row.shortDescription,
    description: row.description,
    tags: row.tags,
    location: row.location,
    website: row.website,
    contactEmail: row.contactEmail,
    logoUrl: row.logoFileId ? `/api/v1/files/${row.logoFileId}` : null,
    visibility: row.visibility,
    verified: row.verified,
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    ownerId: row.ownerId,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
export type EntityDto = ReturnType<typeof toEntityDto>;

function assertVisibilityAllowed(actor: Actor, visibility: Visibility) {
  if (!canChooseVisibility(actor, visibility))
    throw new DomainError("forbidden", `Only ${visibility === "confidential" ? "confidential members" : `${visibility}s`} and admins may use ${visibility} visibility`, {
      visibility: "Above your role",
    });
}

/** Loads an entity the actor may see, else 404 (never 403: hidden things do not exist for them). */
export async function getVisibleEntity(db: Db, actor: Actor, id: string, lock = false): Promise<EntityRow> {
  assertUuid(id, "Entity");
  const query = db.select().from(entities).where(eq(entities.id, id));
  const [row] = lock ? await query.for("update") : await query;
  if (!row || !canView(actor, entityViewable(row))) throw notFound("Entity");
  return row;
}

function assertCanEdit(actor: Actor, row: EntityRow) {
  if (actor.role !== "admin" && row.ownerId !== actor.userId) throw new DomainError("forbidden", "Only the owner or an admin may change this organisation");
}

/** member+ creates an organisation (confidential visibility needs the confidential role). Emits `entity.created`. */
export const createEntity = defineUseCase(CreateEntityInput, async (ctx, input, tx) => {
  const actor = requireUser(ctx.actor);
  if (!hasRole(actor.role, "member")) throw new DomainError("forbidden", "Creating an organisation needs membership");
  assertVisibilityAllowed(actor, input.visibility);
  if (input.logoFileId) await ownFile(ctx, input.logoFileId, "logo", "logoFileId");
  const [row] = await tx
    .insert(entities)
    .values({ ...input, tags: [...new Set(input.tags)], ownerId: actor.userId, createdAt: ctx.now(), updatedAt: ctx.now() })
    .returning();
  await publish(tx, { type: "entity.created", aggregateType: "entity", aggregateId: row.id, actorId: actor.userId, payload: { visibility: row.visibility } });
  return toEntityDto(row);
});

/**
 * Owner or admin edits the fields sent; raising the visibility raises that of its listings too, so
 * a listing is never more visible than its organisation. The verified badge vouches for the name
 * that was checked: an owner's rename takes it away at once (audited; `entity.verification_lapsed`
 * revokes the procedure and tells the owner), an admin's does not. Emits `entity.updated`.
 */
export const updateEntity = defineUseCase(UpdateEntityInput, async (ctx, input, tx) => {
  const actor = requireUser(ctx.actor);
  const row = await getVisibleEntity(tx, actor, input.id, true);
  assertCanEdit(actor, row);
  const { id, ...changes } = input;
  if (changes.visibility) assertVisibilityAllowed(actor, changes.visibility);
  if (changes.logoFileId) await ownFile({ ...ctx, db: tx }, changes.logoFileId, "logo", "logoFileId");
  const badgeLapses = row.verified && changes.name !== undefined && changes.name !== row.name && actor.role !== "admin";
  const [updated] = await tx
    .update(entities)
    .set({
      ...changes,
      ...(changes.tags ? { tags: [...new Set(changes.tags)] } : {}),
      ...(badgeLapses ? { verified: false, verifiedAt: null } : {}),
      updatedAt: ctx.now(),
    })
    .where(eq(entities.id, id))
    .returning();
  if (badgeLapses) {
    const names = { from: row.name, to: updated.name };
    await audit(tx, { actorId: actor.userId, action: "entity.verification_lapsed", targetType: "entity", targetId: id, data: names });
    await publish(tx, { type: "entity.verification_lapsed", aggregateType: "entity", aggregateId: id, actorId: actor.userId, payload: { ...names, ownerId: row.ownerId } });
  }
  if (changes.visibility && changes.visibility !== row.visibility) {
    const lower = VISIBILITIES.slice(0, VISIBILITIES.indexOf(changes.visibility));
    if (lower.length)
      await tx
        .update(opportunities)
        .set({ visibility: changes.visibility, updatedAt: ctx.now() })
        .where(and(eq(opportunities.entityId, id), inArray(opportunities.visibility, lower)));
  }
  await publish(tx, { type: "entity.updated", aggregateType: "entity", aggregateId: id, actorId: actor.userId, payload: { fields: [...Object.keys(changes), ...(badgeLapses ? ["verified"] : [])] } });
  return toEntityDto(updated);
});

/** Owner or admin deletes; its listings go with it. Emits `entity.deleted`. */
export async function deleteEntity(ctx: Ctx, id: string): Promise<void> {
  const actor = requireUser(ctx.actor);
  await ctx.db.transaction(async (tx) => {
    const row = await getVisibleEntity(tx, actor, id, true);
    assertCanEdit(actor, row);
    await tx.delete(entities).where(eq(entities.id, id));
    await publish(tx, { type: "entity.deleted", aggregateType: "entity", aggregateId: id, actorId: actor.userId, payload: { name: row.name, visibility: row.visibility, ownerId: row.ownerId, status: row.status } });
  });
}

export async function getEntity(ctx: Ctx, id: string): Promise<EntityDto> {
  return toEntityDto(await getVisibleEntity(ctx.db, ctx.actor, id));
}

const EntityCursor = zod.object({ createdAt: zod.string(), id: zod.uuid(), rank: zod.number().optional() });

/** The directory: only what the actor may see; full-text search, type and verified filters; newest first or by relevance. */
export async function listEntities(ctx: Ctx, raw: z.input<typeof ListEntitiesInput>) {
  const input = ListEntitiesInput.parse(raw);
  const filters: SQL[] = [entityVisibleWhere(ctx.actor)];
  if (input.type) filters.push(eq(entities.type, input.type));
  if (input.verified !== undefined) filters.push(eq(entities.verified, input.verified));
  if (input.visibility) filters.push(eq(entities.visibility, input.visibility));
  if (input.mine) filters.push(eq(entities.ownerId, requireUser(ctx.actor).userId));
  const tsq = input.q ? searchQuery(input.q) : null;
  if (input.q && !tsq) return { items: [], nextCursor: null };
  const rank = tsq ? sql<number>`ts_rank(${entities.search}, to_tsquery('simple', ${tsq}))::float4` : sql<number>`0::float4`;
  if (tsq) filters.push(sql`${entities.search} @@ to_tsquery('simple', ${tsq})`);
  const cursor = decodeCursor(input.cursor, EntityCursor);
  if (cursor) {
    filters.push(
      tsq
        ? sql`(${rank}, ${entities.createdAt}, ${entities.id}) < (${cursor.rank ?? 0}::float4, ${cursorTime(cursor.createdAt)}, ${cursor.id}::uuid)`
        : sql`(${entities.createdAt}, ${entities.id}) < (${cursorTime(cursor.createdAt)}, ${cursor.id}::uuid)`,
    );
  }
  const rows = await ctx.db
    .select({ row: entities, rank })
    .from(entities)
    .where(and(...filters))
    .orderBy(...(tsq ? [desc(rank)] : []), desc(entities.createdAt), desc(entities.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > input.limit ? encodeCursor({ createdAt: last.row.createdAt.toISOString(), id: last.row.id, ...(tsq ? { rank: last.rank } : {}) }) : null;
  return { items: page.map((r) => toEntityDto(r.row)), nextCursor };
}
