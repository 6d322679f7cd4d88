import { requireUser } from "@/src/platform/auth/require-user";
import { and, asc, desc, eq, gte, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { canChooseVisibility, canView, canViewWhere, stricterVisibility, type Visibility } from "@/src/platform/access/visibility";
import { hasRole, type Actor } from "@/src/platform/auth/roles";
import { user } from "@/src/platform/auth/schema";
import { defineUseCase, type Ctx } from "@/src/platform/context";
import type { Db } from "@/src/platform/db/client";
import { isUniqueViolation } from "@/src/platform/db/errors";
import { publish } from "@/src/platform/events/publish";
import { assertUuid, DomainError, notFound } from "@/src/platform/http/errors";
import { cursorTime, decodeCursor, encodeCursor } from "@/src/platform/http/pagination";
import { cleanSkills, normalizeSkill } from "@/src/modules/members/skills";
import { entities } from "@/src/modules/entities/schema";
import { getVisibleEntity } from "@/src/modules/entities/service";
import {
  ApplicationStatusInput,
  ApplyInput,
  ChangeStatusInput,
  CreateOpportunityInput,
  DecisionInput,
  ListOpportunitiesInput,
  MyOpportunitiesInput,
  UpdateOpportunityInput,
} from "./inputs";
import { applications, opportunities, opportunityTransitions } from "./schema";
import { searchQuery } from "./search-text";
import { allowedMoves, assertTransition, type Mover, type OpportunityStatus } from "./states";
import { TYPE_MIN_ROLE, type OpportunityType } from "./types";

export type OpportunityRow = typeof opportunities.$inferSelect;
type EntitySummary = { id: string; name: string; verified: boolean; status: string; visibility: string } | null;

/** A listing is live when active and its organisation (if any) is not hidden. */
export function opportunityViewable(row: Pick<OpportunityRow, "visibility" | "authorId" | "status" | "entityId">, entity: { status: string } | null) {
  return { visibility: row.visibility as Visibility, ownerId: row.authorId, live: row.status === "active" && (!entity || entity.status === "active"), entityId: row.entityId };
}

const liveListing = sql`${opportunities.status} = 'active' and (${opportunities.entityId} is null or exists (select 1 from ${entities} where ${entities.id} = ${opportunities.entityId} and ${entities.status} = 'active'))`;

/** `canView` for listings as SQL, for every list and search. */
export const opportunityVisibleWhere = (actor: Actor) =>
  canViewWhere(actor, { visibility: opportunities.visibility, ownerId: opportunities.authorId, live: liveListing, entityId: opportunities.entityId });

export function toOpportunityDto(row: OpportunityRow, entity: EntitySummary = null) {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    type: row.type,
    category: row.category,
    skills: row.skills,
    location: row.location,
    remote: row.remote,
    budget: row.budgetCurrency ? { min: row.budgetMin, max: row.budgetMax, currency: row.budgetCurrency } : null,
    status: row.status,
    visibility: row.visibility,
    entityId: row.entityId,
    entity: entity ? { id: entity.id, name: entity.name, verified: entity.verified } : null,
    authorId: row.authorId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
  };
}
export type OpportunityDto = ReturnType<typeof toOpportunityDto>;

const entitySummary = { id: entities.id, name: entities.name, verified: entities.verified, status: entities.status, visibility: entities.visibility };

/** Loads a listing the actor may see (with its organisation), else 404. */
export async function getVisibleOpportunity(db: Db, actor: Actor, id: string, lock = false) {
  assertUuid(id, "Opportunity");
  const query = db.select({ row: opportunities, entity: entitySummary }).from(opportunities).leftJoin(entities, eq(entities.id, opportunities.entityId)).where(eq(opportunities.id, id));
  const [found] = lock ? await query.for("update", { of: opportunities }) : await query;
  if (!found || !canView(actor, opportunityViewable(found.row, found.entity))) throw notFound("Opportunity");
  return found;
}

function moversFor(actor: Actor, row: OpportunityRow): Mover[] {
  const movers: Mover[] = [];
  if (actor.kind === "user" && row.authorId === actor.userId) movers.push("owner");
  if (actor.role === "admin") movers.push("admin");
  return movers;
}

function assertCanEdit(actor: Actor, row: OpportunityRow) {
  if (moversFor(actor, row).length === 0) throw new DomainError("forbidden", "Only the author or an admin may change this listing");
}

async function recordTransition(tx: Db, row: OpportunityRow, to: OpportunityStatus, by: { actorId: string | null; kind: Mover }, note: string | null, now: Date) {
  await tx.insert(opportunityTransitions).values({ opportunityId: row.id, fromStatus: row.status, toStatus: to, actorId: by.actorId, actorKind: by.kind, note, createdAt: now });
}

function budgetColumns(budget: z.infer<typeof CreateOpportunityInput>["budget"]) {
  return budget ? { budgetMin: budget.min ?? null, budgetMax: budget.max ?? null, budgetCurrency: budget.currency } : { budgetMin: null, budgetMax: null, budgetCurrency: null };
}

/** Resolves the organisation link: the caller must own it (or be an admin); the listing is never more visible than it. */
async function linkedEntity(tx: Db, actor: Extract<Actor, { kind: "user" }>, entityId: string | null | undefined) {
  if (!entityId) return null;
  const entity = await getVisibleEntity(tx, actor, entityId);
  if (actor.role !== "admin" && entity.ownerId !== actor.userId)
    throw new DomainError("forbidden", "You can only post for an organisation you own", { entityId: "Not your organisation" });
  return entity;
}

function assertMayPost(actor: Actor, type: OpportunityType, visibility: Visibility) {
  if (!hasRole(actor.role, TYPE_MIN_ROLE[type]))
    throw new DomainError("forbidden", `Posting a ${type} needs the ${TYPE_MIN_ROLE[type]} role`, { type: `Needs ${TYPE_MIN_ROLE[type]}` });
  if (!canChooseVisibility(actor, visibility)) throw new DomainError("forbidden", `You may not post with ${visibility} visibility`, { visibility: "Above your role" });
}

/**
 * subscriber+ posts a listing (`request`/`cv`; other types need member). `submit` (default) sends it
 * to review as `pending`, otherwise it stays a `draft`. Emits `opportunity.created`.
 */
export const createOpportunity = defineUseCase(CreateOpportunityInput, async (ctx, input, tx) => {
  const actor = requireUser(ctx.actor);
  assertMayPost(actor, input.type, input.visibility);
  const entity = await linkedEntity(tx, actor, input.entityId);
  const skills = cleanSkills(input.skills);
  const status: OpportunityStatus = input.submit ? "pending" : "draft";
  const visibility = entity ? stricterVisibility(input.visibility, entity.visibility as Visibility) : input.visibility;
  const now = ctx.now();
  if (input.expiresAt && new Date(input.expiresAt) <= now) throw new DomainError("validation_failed", "The deadline must be in the future", { expiresAt: "Must be in the future" });
  const [row] = await tx
    .insert(opportunities)
    .values({
      authorId: actor.userId,
      entityId: entity?.id ?? null,
      title: input.title,
      description: input.description,
      type: input.type,
      category: input.category,
      skills: skills.display,
      skillsNormalized: skills.normalized,
      location: input.location,
      remote: input.remote,
      ...budgetColumns(input.budget),
      expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
      visibility,
      status,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await tx.insert(opportunityTransitions).values({ opportunityId: row.id, fromStatus: null, toStatus: status, actorId: actor.userId, actorKind: "owner", note: null, createdAt: now });
  await publish(tx, { type: "opportunity.created", aggregateType: "opportunity", aggregateId: row.id, actorId: actor.userId, payload: { status, visibility, type: row.type, category: row.category } });
  return toOpportunityDto(row, entity);
});

/** What the review approved: an author who changes any of it on an active listing sends it back to review. */
const REVIEWED_COLUMNS = ["title", "description", "category", "type", "skillsNormalized", "budgetMin", "budgetMax", "budgetCurrency", "location", "entityId"] as const;

function changesReviewed(row: OpportunityRow, changes: Partial<typeof opportunities.$inferInsert>): boolean {
  const same = (a: unknown, b: unknown) => (Array.isArray(a) && Array.isArray(b) ? [...a].sort().join("\n") === [...b].sort().join("\n") : a === b);
  return REVIEWED_COLUMNS.some((column) => column in changes && !same(changes[column], row[column]));
}

/**
 * Author or admin edits the fields sent. An author's change of what the review approved (title,
 * description, category, type, skills, budget, location, organisation) on an active listing sends it back to review
 * (`pending`); an admin's does not. Emits `opportunity.updated` (and `opportunity.status_changed`).
 */
export const updateOpportunity = defineUseCase(UpdateOpportunityInput, async (ctx, input, tx) => {
  const actor = requireUser(ctx.actor);
  const { row, entity: currentEntity } = await getVisibleOpportunity(tx, actor, input.id, true);
  assertCanEdit(actor, row);
  const type = input.type ?? (row.type as OpportunityType);
  const visibilityWanted = input.visibility ?? (row.visibility as Visibility);
  if (input.type || input.visibility) assertMayPost(actor, type, visibilityWanted);
  const entity = input.entityId !== undefined ? await linkedEntity(tx, actor, input.entityId) : currentEntity;
  const visibility = entity ? stricterVisibility(visibilityWanted, entity.visibility as Visibility) : visibilityWanted;
  const now = ctx.now();
  const changes: Partial<typeof opportunities.$inferInsert> = { updatedAt: now, visibility };
  for (const key of ["title", "description", "type", "category", "location", "remote"] as const) if (input[key] !== undefined) (changes as Record<string, unknown>)[key] = input[key];
  if (input.skills) {
    const skills = cleanSkills(input.skills);
    changes.skills = skills.display;
    changes.skillsNormalized = skills.normalized;
  }
  if (input.budget !== undefined) Object.assign(changes, budgetColumns(input.budget));
  if (input.expiresAt !== undefined) changes.expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (input.entityId !== undefined) changes.entityId = entity?.id ?? null;
  const backToReview = row.status === "active" && changesReviewed(row, changes) && row.authorId === actor.userId && actor.role !== "admin";
  if (backToReview) {
    changes.status = "pending";
    await recordTransition(tx, row, "pending", { actorId: actor.userId, kind: "owner" }, "Edited: back to review", now);
  }
  const [updated] = await tx.update(opportunities).set(changes).where(eq(opportunities.id, row.id)).returning();
  await publish(tx, { type: "opportunity.updated", aggregateType: "opportunity", aggregateId: row.id, actorId: actor.userId, payload: { fields: Object.keys(input).filter((k) => k !== "id") } });
  if (backToReview)
    await publish(tx, { type: "opportunity.status_changed", aggregateType: "opportunity", aggregateId: row.id, actorId: actor.userId, payload: { from: row.status, to: "pending", visibility: updated.visibility } });
  return toOpportunityDto(updated, entity);
});

async function moveStatus(tx: Db, row: OpportunityRow, to: OpportunityStatus, by: { actorId: string | null; kind: Mover }, note: string | null, now: Date) {
  const [updated] = await tx
    .update(opportunities)
    .set({ status: to, updatedAt: now, ...(to === "active" && !row.publishedAt ? { publishedAt: now } : {}) })
    .where(eq(opportunities.id, row.id))
    .returning();
  await recordTransition(tx, row, to, by, note, now);
  await publish(tx, { type: "opportunity.status_changed", aggregateType: "opportunity", aggregateId: row.id, actorId: by.actorId, payload: { from: row.status, to, visibility: row.visibility, note } });
  return updated;
}

/** Moderation takes a live listing out of discovery: active closes, pending is rejected, with the note on its timeline. */
export async function withdrawListing(tx: Db, row: OpportunityRow, adminId: string, note: string, now: Date): Promise<void> {
  await moveStatus(tx, row, row.status === "active" ? "closed" : "rejected", { actorId: adminId, kind: "admin" }, note, now);
}

/** A suspended owner's live listings leave discovery (see `withdrawListing`). */
export async function withdrawListingsOf(tx: Db, authorId: string, adminId: string, note: string, now: Date): Promise<number> {
  const rows = await tx.select().from(opportunities).where(and(eq(opportunities.authorId, authorId), inArray(opportunities.status, ["active", "pending"]))).for("update");
  for (const row of rows) await withdrawListing(tx, row, adminId, note, now);
  return rows.length;
}

/**
 * Unsuspension puts back what `withdrawListingsOf` took down at `withdrawnAt`: each listing the
 * suspension closed or rejected returns to its previous state (active or pending), unless it has
 * moved since. Returns how many came back.
 */
export async function restoreListingsOf(tx: Db, authorId: string, withdrawnAt: Date, adminId: string, note: string, now: Date): Promise<number> {
  const withdrawn = await tx
    .select({ row: opportunities, from: opportunityTransitions.fromStatus })
    .from(opportunityTransitions)
    .innerJoin(opportunities, eq(opportunities.id, opportunityTransitions.opportunityId))
    .where(
      and(
        eq(opportunities.authorId, authorId),
        eq(opportunityTransitions.createdAt, withdrawnAt),
        eq(opportunityTransitions.actorKind, "admin"),
        inArray(opportunityTransitions.fromStatus, ["active", "pending"]),
        eq(opportunities.status, opportunityTransitions.toStatus),
      ),
    )
    .for("update", { of: opportunities });
  for (const { row, from } of withdrawn) await moveStatus(tx, row, from as OpportunityStatus, { actorId: adminId, kind: "admin" }, note, now);
  return withdrawn.length;
}

/** Author or admin moves a listing along the state table (else 409). Emits `opportunity.status_changed`. */
export const changeOpportunityStatus = defineUseCase(ChangeStatusInput, async (ctx, input, tx) => {
  const actor = requireUser(ctx.actor);
  const { row, entity } = await getVisibleOpportunity(tx, actor, input.id, true);
  assertCanEdit(actor, row);
  const movers = moversFor(actor, row);
  assertTransition(row.status as OpportunityStatus, input.status, movers);
  const kind: Mover = movers.includes("admin") && !allowedMoves(row.status as OpportunityStatus, ["owner"]).includes(input.status) ? "admin" : movers[0];
  return toOpportunityDto(await moveStatus(tx, row, input.status, { actorId: actor.userId, kind }, input.note ?? null, ctx.now()), entity);
});

/** Admin approves (-> active) or rejects a pending listing with a note. */
export const decideOpportunity = defineUseCase(DecisionInput, async (ctx, input, tx) => {
  const actor = requireUser(ctx.actor);
  if (actor.role !== "admin") throw new DomainError("forbidden", "Only admins review listings");
  const { row, entity } = await getVisibleOpportunity(tx, actor, input.id, true);
  const to: OpportunityStatus = input.decision === "approve" ? "active" : "rejected";
  assertTransition(row.status as OpportunityStatus, to, ["admin"]);
  if (to === "rejected" && !input.note) throw new DomainError("validation_failed", "Say why the listing is rejected", { note: "Required when rejecting" });
  return toOpportunityDto(await moveStatus(tx, row, to, { actorId: actor.userId, kind: "admin" }, input.note ?? null, ctx.now()), entity);
});

/** Authors delete only archived listings; admins any. Emits `opportunity.deleted`. */
export async function deleteOpportunity(ctx: Ctx, id: string): Promise<void> {
  const actor = requireUser(ctx.actor);
  await ctx.db.transaction(async (tx) => {
    const { row } = await getVisibleOpportunity(tx, actor, id, true);
    assertCanEdit(actor, row);
    if (actor.role !== "admin" && row.status !== "archived") throw new DomainError("conflict", "Archive the listing before deleting it");
    await tx.delete(opportunities).where(eq(opportunities.id, id));
    await publish(tx, { type: "opportunity.deleted", aggregateType: "opportunity", aggregateId: id, actorId: actor.userId, payload: { visibility: row.visibility, authorId: row.authorId, entityId: row.entityId, status: row.status } });
  });
}

/** One listing with what the caller may know about it: timeline for author/admin, own application, applicant count. */
export async function getOpportunityDetail(ctx: Ctx, id: string) {
  const { row, entity } = await getVisibleOpportunity(ctx.db, ctx.actor, id);
  const dto = toOpportunityDto(row, entity);
  const isManager = moversFor(ctx.actor, row).length > 0;
  const timeline = isManager
    ? await ctx.db
        .select({ id: opportunityTransitions.id, from: opportunityTransitions.fromStatus, to: opportunityTransitions.toStatus, actorKind: opportunityTransitions.actorKind, actorName: user.name, note: opportunityTransitions.note, at: opportunityTransitions.createdAt })
        .from(opportunityTransitions)
        .leftJoin(user, eq(user.id, opportunityTransitions.actorId))
        .where(eq(opportunityTransitions.opportunityId, id))
        .orderBy(asc(opportunityTransitions.id))
    : [];
  const [mine] =
    ctx.actor.kind === "user"
      ? await ctx.db.select().from(applications).where(and(eq(applications.opportunityId, id), eq(applications.applicantId, ctx.actor.userId)))
      : [];
  const [{ count }] = isManager
    ? await ctx.db.select({ count: sql<number>`count(*)::int` }).from(applications).where(eq(applications.opportunityId, id))
    : [{ count: 0 }];
  return {
    ...dto,
    canManage: isManager,
    allowedStatuses: isManager ? allowedMoves(row.status as OpportunityStatus, moversFor(ctx.actor, row)) : [],
    timeline: timeline.map((t) => ({ ...t, at: t.at.toISOString() })),
    myApplication: mine ? { id: mine.id, status: mine.status, createdAt: mine.createdAt.toISOString() } : null,
    applicationCount: count,
  };
}

const BrowseCursor = z.object({ k: z.union([z.string(), z.number()]), id: z.uuid() });

/** Browse and search: active listings the caller may view, filtered, sorted, keyset-paginated. */
export async function listOpportunities(ctx: Ctx, raw: z.input<typeof ListOpportunitiesInput>) {
  const input = ListOpportunitiesInput.parse(raw);
  const filters: SQL[] = [eq(opportunities.status, "active"), opportunityVisibleWhere(ctx.actor)];
  if (input.type) filters.push(inArray(opportunities.type, input.type));
  if (input.category) filters.push(inArray(opportunities.category, input.category));
  if (input.skills) filters.push(sql`${opportunities.skillsNormalized} && ${sql.param(input.skills.map(normalizeSkill))}::text[]`);
  if (input.remote) filters.push(eq(opportunities.remote, input.remote === "true"));
  if (input.entityId) filters.push(eq(opportunities.entityId, input.entityId));
  if (input.visibility) filters.push(eq(opportunities.visibility, input.visibility));
  if (input.budgetMin !== undefined || input.budgetMax !== undefined || input.currency) {
    if (input.currency) filters.push(eq(opportunities.budgetCurrency, input.currency));
    if (input.budgetMin !== undefined) filters.push(gte(sql`coalesce(${opportunities.budgetMax}, ${opportunities.budgetMin})`, input.budgetMin));
    if (input.budgetMax !== undefined) filters.push(lte(sql`coalesce(${opportunities.budgetMin}, ${opportunities.budgetMax})`, input.budgetMax));
  }
  const tsq = input.q ? searchQuery(input.q) : null;
  if (input.q && !tsq) return { items: [], nextCursor: null };
  if (tsq) filters.push(sql`${opportunities.search} @@ to_tsquery('simple', ${tsq})`);
  const sort = input.sort ?? (tsq ? "relevance" : "newest");

  const rank = sql<number>`ts_rank(${opportunities.search}, to_tsquery('simple', ${tsq ?? ""}))::float4`;
  const deadline = sql<Date>`coalesce(${opportunities.expiresAt}, 'infinity'::timestamptz)`;
  const cursor = decodeCursor(input.cursor, BrowseCursor);
  let key: SQL;
  let order: SQL[];
  if (sort === "relevance" && tsq) {
    key = rank;
    order = [sql`${rank} desc`, sql`${opportunities.id} desc`];
    if (cursor) filters.push(sql`(${rank}, ${opportunities.id}) < (${Number(cursor.k)}::float4, ${cursor.id}::uuid)`);
  } else if (sort === "deadline") {
    key = sql`${deadline}::text`;
    order = [sql`${deadline} asc`, sql`${opportunities.id} asc`];
    if (cursor) filters.push(sql`(${deadline}, ${opportunities.id}) > (${String(cursor.k)}::timestamptz, ${cursor.id}::uuid)`);
  } else {
    key = sql`${opportunities.publishedAt}`;
    order = [sql`${opportunities.publishedAt} desc`, sql`${opportunities.id} desc`];
    if (cursor) filters.push(sql`(${opportunities.publishedAt}, ${opportunities.id}) < (${cursorTime(cursor.k)}, ${cursor.id}::uuid)`);
  }
  const rows = await ctx.db
    .select({ row: opportunities, key: sql<unknown>`${key}` })
    .from(opportunities)
    .where(and(...filters))
    .orderBy(...order)
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  const lastKey = last ? (last.key instanceof Date ? last.key.toISOString() : (last.key as string | number)) : null;
  const nextCursor = rows.length > input.limit && last ? encodeCursor({ k: lastKey, id: last.row.id }) : null;
  const orgs = await entitySummaries(ctx.db, page.map((r) => r.row.entityId));
  return { items: page.map((r) => toOpportunityDto(r.row, r.row.entityId ? (orgs.get(r.row.entityId) ?? null) : null)), nextCursor };
}

/** Organisation summaries for one page of listings: a second small query beats joining the whole table. */
async function entitySummaries(db: Db, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return new Map<string, NonNullable<EntitySummary>>();
  const rows = await db.select(entitySummary).from(entities).where(inArray(entities.id, wanted));
  return new Map(rows.map((r) => [r.id, r]));
}

const VIEW_STATUSES: Record<z.infer<typeof MyOpportunitiesInput>["view"], OpportunityStatus[] | null> = {
  all: null,
  drafts: ["draft"],
  pending: ["pending"],
  active: ["active"],
  archived: ["archived", "closed", "expired", "rejected"],
};

/** The author's own listings by view, with a count per view. */
export async function myOpportunities(ctx: Ctx, raw: z.input<typeof MyOpportunitiesInput>) {
  const actor = requireUser(ctx.actor);
  const input = MyOpportunitiesInput.parse(raw);
  const statuses = VIEW_STATUSES[input.view];
  const filters: SQL[] = [eq(opportunities.authorId, actor.userId)];
  if (statuses) filters.push(inArray(opportunities.status, statuses));
  const cursor = decodeCursor(input.cursor, BrowseCursor);
  if (cursor) filters.push(sql`(${opportunities.updatedAt}, ${opportunities.id}) < (${cursorTime(cursor.k)}, ${cursor.id}::uuid)`);
  const rows = await ctx.db
    .select({ row: opportunities, entity: entitySummary })
    .from(opportunities)
    .leftJoin(entities, eq(entities.id, opportunities.entityId))
    .where(and(...filters))
    .orderBy(desc(opportunities.updatedAt), desc(opportunities.id))
    .limit(input.limit + 1);
  const byStatus = await ctx.db
    .select({ status: opportunities.status, n: sql<number>`count(*)::int` })
    .from(opportunities)
    .where(eq(opportunities.authorId, actor.userId))
    .groupBy(opportunities.status);
  const counts = Object.fromEntries(
    Object.entries(VIEW_STATUSES).map(([view, list]) => [view, byStatus.filter((s) => !list || list.includes(s.status as OpportunityStatus)).reduce((a, s) => a + s.n, 0)]),
  );
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => toOpportunityDto(r.row, r.entity)),
    nextCursor: rows.length > input.limit ? encodeCursor({ k: last.row.updatedAt.toISOString(), id: last.row.id }) : null,
    counts,
  };
}

/** subscriber+ applies once to an active listing they can see (not their own). Emits `application.created`. */
export const applyToOpportunity = defineUseCase(ApplyInput, async (ctx, input, tx) => {
  const actor = requireUser(ctx.actor);
  const { row } = await getVisibleOpportunity(tx, actor, input.opportunityId);
  if (row.status !== "active") throw new DomainError("conflict", "This listing is not open for applications");
  if (row.authorId === actor.userId) throw new DomainError("conflict", "You cannot apply to your own listing");
  try {
    const [created] = await tx.transaction(async (sp) =>
      sp.insert(applications).values({ opportunityId: row.id, applicantId: actor.userId, message: input.message, createdAt: ctx.now(), updatedAt: ctx.now() }).returning(),
    );
    await publish(tx, { type: "application.created", aggregateType: "application", aggregateId: created.id, actorId: actor.userId, payload: { opportunityId: row.id, authorId: row.authorId } });
    return { id: created.id, opportunityId: row.id, status: created.status, message: created.message, createdAt: created.createdAt.toISOString() };
  } catch (e) {
    if (isUniqueViolation(e)) throw new DomainError("conflict", "You have already applied to this listing");
    throw e;
  }
});

/** The author (or an admin) sees who applied. */
export async function listApplications(ctx: Ctx, opportunityId: string) {
  const actor = requireUser(ctx.actor);
  const { row } = await getVisibleOpportunity(ctx.db, actor, opportunityId);
  assertCanEdit(actor, row);
  const rows = await ctx.db
    .select({ id: applications.id, status: applications.status, message: applications.message, createdAt: applications.createdAt, applicantId: applications.applicantId, applicantName: user.name, applicantEmail: user.email })
    .from(applications)
    .innerJoin(user, eq(user.id, applications.applicantId))
    .where(eq(applications.opportunityId, opportunityId))
    .orderBy(asc(applications.createdAt));
  return { items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
}

/** The author shortlists or declines an applicant. Emits `application.updated`. */
export const setApplicationStatus = defineUseCase(ApplicationStatusInput, async (ctx, input, tx) => {
  const actor = requireUser(ctx.actor);
  const [application] = await tx.select().from(applications).where(eq(applications.id, input.id)).for("update");
  if (!application) throw notFound("Application");
  const { row } = await getVisibleOpportunity(tx, actor, application.opportunityId);
  assertCanEdit(actor, row);
  const [updated] = await tx.update(applications).set({ status: input.status, updatedAt: ctx.now() }).where(eq(applications.id, input.id)).returning();
  await publish(tx, { type: "application.updated", aggregateType: "application", aggregateId: updated.id, actorId: actor.userId, payload: { opportunityId: row.id, applicantId: updated.applicantId, status: updated.status } });
  return { id: updated.id, status: updated.status };
});

/** The caller's own applications with their listings' titles (only listings they can still see). */
export async function myApplications(ctx: Ctx) {
  const actor = requireUser(ctx.actor);
  const rows = await ctx.db
    .select({ id: applications.id, status: applications.status, message: applications.message, createdAt: applications.createdAt, opportunityId: opportunities.id, title: opportunities.title, opportunityStatus: opportunities.status })
    .from(applications)
    .innerJoin(opportunities, eq(opportunities.id, applications.opportunityId))
    .where(and(eq(applications.applicantId, actor.userId), opportunityVisibleWhere(actor)))
    .orderBy(desc(applications.createdAt));
  return { items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
}

/** Admin review queue: pending listings, oldest first, with author and organisation. */
export async function reviewQueue(ctx: Ctx, status: OpportunityStatus = "pending") {
  const actor = requireUser(ctx.actor);
  if (actor.role !== "admin") throw new DomainError("forbidden", "Admins only");
  const rows = await ctx.db
    .select({ row: opportunities, entity: entitySummary, authorName: user.name, authorEmail: user.email })
    .from(opportunities)
    .innerJoin(user, eq(user.id, opportunities.authorId))
    .leftJoin(entities, eq(entities.id, opportunities.entityId))
    .where(eq(opportunities.status, status))
    .orderBy(asc(opportunities.updatedAt))
    .limit(200);
  return { items: rows.map((r) => ({ ...toOpportunityDto(r.row, r.entity), author: { name: r.authorName, email: r.authorEmail } })) };
}

/** Active listings past their deadline become `expired` (system move). Idempotent; returns how many. */
export async function expireOpportunities(db: Db, now: Date = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(opportunities)
      .where(and(eq(opportunities.status, "active"), lt(opportunities.expiresAt, now)))
      .for("update", { skipLocked: true });
    for (const row of due) await moveStatus(tx, row, "expired", { actorId: null, kind: "system" }, "Deadline passed", now);
    return due.length;
  });
}

