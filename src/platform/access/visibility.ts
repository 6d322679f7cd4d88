import { and, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { roleRank, type Actor, type ActorRole } from "../auth/roles";

export const VISIBILITIES = ["public", "subscriber", "member", "confidential"] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** The lowest role that may see a resource of each visibility. */
const REQUIRED_ROLE: Record<Visibility, ActorRole> = {
  public: "visitor",
  subscriber: "subscriber",
  member: "member",
  confidential: "confidential",
};

/** What every visibility decision needs to know about a resource. */
export interface Viewable {
  visibility: Visibility;
  ownerId: string | null;
  /** Only `live` resources are shown beyond their owner and admins (active listings, entities not hidden). */
  live: boolean;
  /** The organisation it belongs to (itself for an organisation): a personal block hides it from the blocker. */
  entityId?: string | null;
}

/** The visibilities an actor's role reaches, lowest first. */
export function visibilitiesFor(actor: Actor): Visibility[] {
  return VISIBILITIES.filter((v) => roleRank(actor.role) >= roleRank(REQUIRED_ROLE[v]));
}

export function canChooseVisibility(actor: Actor, visibility: Visibility): boolean {
  return visibilitiesFor(actor).includes(visibility);
}

/**
 * THE visibility rule. Admins see everything; owners see their own in any state;
 * everyone else sees live resources whose visibility their role reaches.
 */
export function canView(actor: Actor, resource: Viewable): boolean {
  if (actor.kind === "user" && resource.entityId && actor.blockedEntityIds?.includes(resource.entityId)) return false;
  if (actor.role === "admin") return true;
  if (actor.kind === "user" && resource.ownerId === actor.userId) return true;
  return resource.live && visibilitiesFor(actor).includes(resource.visibility);
}

export interface ViewableColumns {
  visibility: PgColumn;
  ownerId: PgColumn;
  /** A SQL condition that is true when the resource is live. */
  live: SQL;
  /** The organisation column, for personal blocks. */
  entityId?: PgColumn;
}

/** The same rule as `canView`, as a WHERE fragment for lists and search (built from the actor, not copied logic). */
export function canViewWhere(actor: Actor, cols: ViewableColumns): SQL {
  const blocked = actor.kind === "user" && cols.entityId && actor.blockedEntityIds?.length ? actor.blockedEntityIds : null;
  const notBlocked = blocked && cols.entityId ? sql`(${cols.entityId} is null or not (${cols.entityId}::text = any(${sql.param([...blocked])}::text[])))` : null;
  const rule = actor.role === "admin" ? sql`true` : actor.kind === "user" ? or(eq(cols.ownerId, actor.userId), and(cols.live, inArray(cols.visibility, visibilitiesFor(actor))))! : and(cols.live, inArray(cols.visibility, visibilitiesFor(actor)))!;
  return notBlocked ? and(notBlocked, rule)! : rule;
}

/** The stricter of two visibilities: a listing is never more visible than its entity. */
export function stricterVisibility(a: Visibility, b: Visibility): Visibility {
  return VISIBILITIES.indexOf(a) >= VISIBILITIES.indexOf(b) ? a : b;
}
