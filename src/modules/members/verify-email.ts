import { eq } from "drizzle-orm";
import { z } from "zod";
import { audit } from "@/src/modules/audit/service";
import { requireAdmin } from "@/src/platform/auth/require-user";
import { user } from "@/src/platform/auth/schema";
import { defineUseCase } from "@/src/platform/context";
import type { Db } from "@/src/platform/db/client";
import { isUuid, notFound } from "@/src/platform/http/errors";
import { publicUser } from "./roles";

export const MarkEmailVerifiedInput = z.object({ userId: z.string().min(1).max(100) });

type UserRow = typeof user.$inferSelect;

/** Marks an address verified (audited); a second call changes nothing. `via` says where it came from (api, cli…). */
export async function verifyEmailOf(tx: Db, target: UserRow, by: { actorId: string | null; via: string }) {
  if (target.emailVerified) return { ...publicUser(target), emailVerified: true };
  const [updated] = await tx.update(user).set({ emailVerified: true, updatedAt: new Date() }).where(eq(user.id, target.id)).returning();
  await audit(tx, { actorId: by.actorId, action: "user.email_verified", targetType: "user", targetId: target.id, data: { email: target.email, via: by.via } });
  return { ...publicUser(updated), emailVerified: true };
}

/** Admins only: vouch for an account's address (e.g. a ring without SMTP, or a member who lost the mail). */
export const markEmailVerified = defineUseCase(MarkEmailVerifiedInput, async (ctx, input, tx) => {
  const admin = requireAdmin(ctx.actor);
  if (!isUuid(input.userId)) throw notFound("User");
  const [target] = await tx.select().from(user).where(eq(user.id, input.userId)).for("update");
  if (!target) throw notFound("User");
  return verifyEmailOf(tx, target, { actorId: admin.userId, via: "api" });
});
