import { requireAdmin, requireUser } from "@/src/platform/auth/require-user";
import { and, asc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import { entities } from "@/src/modules/entities/schema";
import { entityVisibleWhere, getVisibleEntity } from "@/src/modules/entities/service";
import type { z } from "zod";
import { user } from "@/src/platform/auth/schema";
import { defineUseCase, type Ctx } from "@/src/platform/context";
import { publish } from "@/src/platform/events/publish";
import { assertUuid, DomainError, notFound } from "@/src/platform/http/errors";
import { cursorTime, decodeCursor, encodeCursor } from "@/src/platform/http/pagination";
import { changeRole } from "./roles";
import { ListUsersInput, SetRoleInput, UpdateProfileInput } from "./inputs";
import { memberProfiles } from "./schema";
import { cleanSkills } from "./skills";
import { z as zod } from "zod";

export type Profile = {
  headline: string | null;
  bio: string | null;
  skills: string[];
  categories: string[];
  location: string | null;
  remote: boolean;
  languages: string[];
  notifyOnMatch: boolean;
  updatedAt: string | null;
};

const EMPTY_PROFILE: Profile = {
  headline: null,
  bio: null,
  skills: [],
  categories: [],
  location: null,
  remote: false,
  languages: [],
  notifyOnMatch: true,
  updatedAt: null,
};

function toProfile(row: typeof memberProfiles.$inferSelect | undefined): Profile {
  if (!row) return EMPTY_PROFILE;
  return {
    headline: row.headline,
    bio: row.bio,
    skills: row.skills,
    categories: row.categories,
    location: row.location,
    remote: row.remote,
    languages: row.languages,
    notifyOnMatch: row.notifyOnMatch,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The signed-in user's identity, profile and personal blocks. */
export async function getMe(ctx: Ctx) {
  const actor = requireUser(ctx.actor);
  const [row] = await ctx.db.select().from(memberProfiles).where(eq(memberProfiles.userId, actor.userId));
  return {
    id: actor.userId,
    email: actor.email,
    name: actor.name,
    role: actor.role,
    profile: toProfile(row),
    blockedEntityIds: row?.blockedEntityIds ?? [],
  };
}

/** The profile columns for the fields sent, cleaned; a field not sent is not a column here. */
function profileChanges(input: z.output<typeof UpdateProfileInput>): Partial<typeof memberProfiles.$inferInsert> {
  const changes: Partial<typeof memberProfiles.$inferInsert> = {};
  if (input.headline !== undefined) changes.headline = input.headline || null;
  if (input.bio !== undefined) changes.bio = input.bio || null;
  if (input.location !== undefined) changes.location = input.location || null;
  if (input.skills !== undefined) {
    const skills = cleanSkills(input.skills);
    changes.skills = skills.display;
    changes.skillsNormalized = skills.normalized;
  }
  if (input.categories !== undefined) changes.categories = [...new Set(input.categories)];
  if (input.languages !== undefined) changes.languages = [...new Set(input.languages.map((l) => l.toLowerCase()))];
  if (input.remote !== undefined) changes.remote = input.remote;
  if (input.notifyOnMatch !== undefined) changes.notifyOnMatch = input.notifyOnMatch;
  return changes;
}

/**
 * The caller changes the profile fields they send (the first save creates the profile with the
 * defaults for the rest); skills are kept as typed and normalised for matching. Emits `member.profile_updated`.
 */
export const updateProfile = defineUseCase(UpdateProfileInput, async (ctx, input, tx) => {
  const actor = requireUser(ctx.actor);
  const values = { ...profileChanges(input), updatedAt: ctx.now() };
  const [row] = await tx
    .insert(memberProfiles)
    .values({ userId: actor.userId, ...values })
    .onConflictDoUpdate({ target: memberProfiles.userId, set: values })
    .returning();
  await publish(tx, { type: "member.profile_updated", aggregateType: "user", aggregateId: actor.userId, actorId: actor.userId });
  return toProfile(row);
});

const UserCursor = zod.object({ createdAt: zod.string(), id: zod.string().max(100) });

/** How many accounts the ring has: a public figure on the home page. */
export async function memberCount(ctx: Ctx): Promise<number> {
  const [row] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(user);
  return row.n;
}

/** Admin list of accounts: search by name or email, filter by role, oldest first, keyset-paginated. */
export async function listUsers(ctx: Ctx, raw: z.input<typeof ListUsersInput>) {
  requireAdmin(ctx.actor);
  const input = ListUsersInput.parse(raw);
  const filters: SQL[] = [];
  if (input.q) {
    const pattern = `%${input.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    filters.push(or(ilike(user.email, pattern), ilike(user.name, pattern))!);
  }
  if (input.role) filters.push(eq(user.role, input.role));
  const cursor = decodeCursor(input.cursor, UserCursor);
  if (cursor) filters.push(sql`(${user.createdAt}, ${user.id}) > (${cursorTime(cursor.createdAt)}, ${cursor.id})`);
  const rows = await ctx.db
    .select({ id: user.id, email: user.email, name: user.name, role: user.role, emailVerified: user.emailVerified, createdAt: user.createdAt, suspendedAt: user.suspendedAt })
    .from(user)
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(asc(user.createdAt), asc(user.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > input.limit ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null;
  return { items, nextCursor };
}

/** Admin-only role change; audited and emitted as `user.role_changed`. The last admin cannot be demoted. */
export const setRole = defineUseCase(SetRoleInput, async (ctx, input, tx) => {
  const actor = requireUser(ctx.actor);
  if (actor.role !== "admin") throw new DomainError("forbidden", "Only admins change roles");
  const [target] = await tx.select().from(user).where(eq(user.id, input.userId)).for("update");
  if (!target) throw notFound("User");
  return changeRole(tx, target, input.role, { actorId: actor.userId, via: "api" });
});

/** Hides an organisation (and its listings and matches) from the caller everywhere. Idempotent; not your own. */
export async function blockEntity(ctx: Ctx, entityId: string): Promise<void> {
  const actor = requireUser(ctx.actor);
  await ctx.db.transaction(async (tx) => {
    // Blocking twice is fine: the caller's own blocks do not hide the entity from this check.
    const entity = await getVisibleEntity(tx, { ...actor, blockedEntityIds: [] }, entityId);
    if (entity.ownerId === actor.userId) throw new DomainError("conflict", "You cannot block your own organisation");
    await tx.insert(memberProfiles).values({ userId: actor.userId, blockedEntityIds: [entity.id] }).onConflictDoUpdate({
      target: memberProfiles.userId,
      set: { blockedEntityIds: sql`(select array_agg(distinct x) from unnest(array_append(${memberProfiles.blockedEntityIds}, ${entity.id}::text)) as x)` },
    });
    await publish(tx, { type: "member.entity_blocked", aggregateType: "user", aggregateId: actor.userId, actorId: actor.userId, payload: { entityId: entity.id } });
  });
}

/** Lifts a personal block. Idempotent. */
export async function unblockEntity(ctx: Ctx, entityId: string): Promise<void> {
  const actor = requireUser(ctx.actor);
  assertUuid(entityId, "Entity");
  await ctx.db.transaction(async (tx) => {
    const lifted = await tx
      .update(memberProfiles)
      .set({ blockedEntityIds: sql`array_remove(${memberProfiles.blockedEntityIds}, ${entityId}::text)` })
      .where(and(eq(memberProfiles.userId, actor.userId), sql`${entityId}::text = any(${memberProfiles.blockedEntityIds})`))
      .returning({ userId: memberProfiles.userId });
    if (lifted.length) await publish(tx, { type: "member.entity_unblocked", aggregateType: "user", aggregateId: actor.userId, actorId: actor.userId, payload: { entityId } });
  });
}

/**
 * The caller's blocked organisations, for the settings page: the name only of those the caller could
 * see if they had not blocked them (one made confidential or hidden since shows no name; it can still
 * be unblocked).
 */
export async function listBlockedEntities(ctx: Ctx): Promise<{ id: string; name: string | null }[]> {
  const actor = requireUser(ctx.actor);
  const [row] = await ctx.db.select({ ids: memberProfiles.blockedEntityIds }).from(memberProfiles).where(eq(memberProfiles.userId, actor.userId));
  if (!row?.ids.length) return [];
  const visible = entityVisibleWhere({ ...actor, blockedEntityIds: [] });
  const rows = await ctx.db.select({ id: entities.id, name: entities.name, visible: sql<boolean>`(${visible})` }).from(entities).where(inArray(entities.id, row.ids));
  return rows.map((r) => ({ id: r.id, name: r.visible ? r.name : null }));
}
