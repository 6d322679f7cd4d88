import { eq, sql } from "drizzle-orm";
import type { Role } from "@/src/platform/auth/roles";
import { user } from "@/src/platform/auth/schema";
import type { Db } from "@/src/platform/db/client";
import { publish } from "@/src/platform/events/publish";
import { DomainError } from "@/src/platform/http/errors";
import { audit } from "@/src/modules/audit/service";

type UserRow = typeof user.$inferSelect;

/**
 * The one place a role changes: guards the last admin, writes the row, an audit row and a
 * `user.role_changed` event. Call inside a transaction. `via` says where it came from (api, cli…).
 */
export async function changeRole(tx: Db, target: UserRow, role: Role, by: { actorId: string | null; via: string }) {
  if (target.role === role) return publicUser(target);
  if (target.role === "admin") {
    const [{ admins }] = await tx.select({ admins: sql<number>`count(*)::int` }).from(user).where(eq(user.role, "admin"));
    if (admins <= 1) throw new DomainError("conflict", "This is the only admin; promote another admin first");
  }
  const [updated] = await tx.update(user).set({ role, updatedAt: new Date() }).where(eq(user.id, target.id)).returning();
  await audit(tx, { actorId: by.actorId, action: "user.role_changed", targetType: "user", targetId: target.id, data: { from: target.role, to: role, email: target.email, via: by.via } });
  await publish(tx, { type: "user.role_changed", aggregateType: "user", aggregateId: target.id, actorId: by.actorId, payload: { from: target.role, to: role } });
  return publicUser(updated);
}

export function publicUser(row: UserRow) {
  return { id: row.id, email: row.email, name: row.name, role: row.role as Role, createdAt: row.createdAt.toISOString() };
}
