import { and, desc, eq, gte, inArray, isNull } from "drizzle-orm";
import { canView } from "@/src/platform/access/visibility";
import type { Role } from "@/src/platform/auth/roles";
import { user } from "@/src/platform/auth/schema";
import type { Db } from "@/src/platform/db/client";
import { getSetting } from "@/src/platform/settings/resolve";
import { entities } from "@/src/modules/entities/schema";
import { memberProfiles } from "@/src/modules/members/schema";
import { notifyMany } from "@/src/modules/notifications/service";
import { opportunities } from "@/src/modules/opportunities/schema";
import { opportunityViewable } from "@/src/modules/opportunities/service";
import { opportunityMatches } from "./schema";

/**
 * The daily digest: strong matches of the last day that were not notified (the per-member daily cap
 * held them back) become one notification per member, listing the best few. Visibility and personal
 * blocks are checked as they are when the digest is sent, not when the match was scored. Run by `matcher-digest`.
 */
export async function sendMatchDigests(db: Db, now: Date = new Date()) {
  const threshold = await getSetting<number>(db, "MATCHER_SCORE_THRESHOLD");
  const since = new Date(now.getTime() - 86_400_000);
  const rows = await db
    .select({ m: opportunityMatches, listing: opportunities, entityStatus: entities.status, role: user.role, email: user.email, name: user.name, blocked: memberProfiles.blockedEntityIds })
    .from(opportunityMatches)
    .innerJoin(opportunities, eq(opportunities.id, opportunityMatches.opportunityId))
    .leftJoin(entities, eq(entities.id, opportunities.entityId))
    .innerJoin(user, eq(user.id, opportunityMatches.userId))
    .innerJoin(memberProfiles, eq(memberProfiles.userId, opportunityMatches.userId))
    .where(
      and(
        isNull(opportunityMatches.notifiedAt),
        gte(opportunityMatches.score, threshold),
        gte(opportunityMatches.updatedAt, since),
        eq(opportunities.status, "active"),
        eq(memberProfiles.notifyOnMatch, true),
      ),
    )
    .orderBy(desc(opportunityMatches.score));
  const byUser = new Map<string, typeof rows>();
  for (const r of rows) {
    const actor = { kind: "user" as const, userId: r.m.userId, role: r.role as Role, email: r.email, name: r.name, blockedEntityIds: r.blocked };
    if (!canView(actor, opportunityViewable(r.listing, r.entityStatus ? { status: r.entityStatus } : null))) continue;
    byUser.set(r.m.userId, [...(byUser.get(r.m.userId) ?? []), r]);
  }
  const day = now.toISOString().slice(0, 10);
  const told = await notifyMany(
    db,
    [...byUser.entries()].map(([userId, matches]) => ({
      userId,
      type: "matches_digest" as const,
      link: "/opportunities",
      data: { count: matches.length, titles: matches.slice(0, 5).map((m) => m.listing.title).join("; ") },
      dedupeKey: `digest:${day}`,
    })),
  );
  for (const userId of told) {
    const ids = byUser.get(userId)!.map((m) => m.m.opportunityId);
    await db.update(opportunityMatches).set({ notifiedAt: now }).where(and(eq(opportunityMatches.userId, userId), inArray(opportunityMatches.opportunityId, ids)));
  }
  return { members: told.length, matches: told.reduce((n, u) => n + byUser.get(u)!.length, 0) };
}
