import { and, eq, lt } from "drizzle-orm";
import { user } from "@/src/platform/auth/schema";
import type { Db } from "@/src/platform/db/client";
import { publish } from "@/src/platform/events/publish";
import { audit } from "@/src/modules/audit/service";
import { notifyMany } from "@/src/modules/notifications/service";
import { memberships } from "./schema";

/**
 * The member role goes back to subscriber, only where it is still the role the payment gave
 * (an admin's promotion is never undone); audited. Returns whether the role changed.
 */
export async function endMemberRole(tx: Db, userId: string, reason: string): Promise<boolean> {
  const [changed] = await tx.update(user).set({ role: "subscriber" }).where(and(eq(user.id, userId), eq(user.role, "member"))).returning({ id: user.id });
  if (!changed) return false;
  await audit(tx, { actorId: null, action: "user.role_changed", targetType: "user", targetId: userId, data: { from: "member", to: "subscriber", reason } });
  await publish(tx, { type: "user.role_changed", aggregateType: "user", aggregateId: userId, actorId: null, payload: { from: "member", to: "subscriber", reason } });
  return true;
}

/** Paid memberships past `validUntil` end, and the member is told how to renew. */
export async function expireMemberships(db: Db, now: Date): Promise<{ expired: number }> {
  const due = await db
    .select({ userId: memberships.userId, validUntil: memberships.validUntil })
    .from(memberships)
    .innerJoin(user, eq(user.id, memberships.userId))
    .where(and(lt(memberships.validUntil, now), eq(user.role, "member")));
  let expired = 0;
  for (const m of due) {
    await db.transaction(async (tx) => {
      if (!(await endMemberRole(tx, m.userId, "membership expired"))) return;
      expired++;
      await notifyMany(tx, [{ userId: m.userId, type: "membership_expired", link: "/membership", data: { date: m.validUntil.toISOString().slice(0, 10) }, dedupeKey: `membership-expired:${m.validUntil.toISOString()}` }]);
    });
  }
  return { expired };
}
