import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { requireUser } from "@/src/platform/auth/require-user";
import type { Ctx } from "@/src/platform/context";
import { isUniqueViolation } from "@/src/platform/db/errors";
import { publish } from "@/src/platform/events/publish";
import { assertUuid, DomainError } from "@/src/platform/http/errors";
import { entities } from "@/src/modules/entities/schema";
import { appeals } from "./schema";

export const AppealInput = z.object({ message: z.string().trim().min(10, "At least 10 characters").max(2000) });

const toAppealDto = (a: typeof appeals.$inferSelect) => ({
  id: a.id,
  entityId: a.entityId,
  message: a.message,
  status: a.status,
  note: a.note,
  decidedAt: a.decidedAt?.toISOString() ?? null,
  createdAt: a.createdAt.toISOString(),
});

/** The owner of a hidden organisation appeals, once; it returns to the moderation queue marked as an appeal. */
export async function appealEntity(ctx: Ctx, entityId: string, raw: z.input<typeof AppealInput>) {
  const actor = requireUser(ctx.actor);
  const input = AppealInput.parse(raw);
  assertUuid(entityId, "Entity");
  return ctx.db.transaction(async (tx) => {
    const [entity] = await tx.select().from(entities).where(eq(entities.id, entityId));
    if (!entity || (entity.ownerId !== actor.userId && actor.role !== "admin")) throw new DomainError("not_found", "Entity not found");
    if (entity.ownerId !== actor.userId) throw new DomainError("forbidden", "Only the owner can appeal");
    if (entity.status !== "hidden") throw new DomainError("conflict", "Only a hidden organisation can be appealed");
    try {
      const [row] = await tx.transaction((sp) => sp.insert(appeals).values({ entityId, ownerId: actor.userId, message: input.message, createdAt: ctx.now() }).returning());
      await publish(tx, { type: "appeal.created", aggregateType: "entity", aggregateId: entityId, actorId: actor.userId, payload: { appealId: row.id } });
      return toAppealDto(row);
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainError("conflict", "This organisation was already appealed; the decision is final");
      throw e;
    }
  });
}

/** The owner's (or an admin's) view of the appeal about an organisation, if any. */
export async function appealOf(ctx: Ctx, entityId: string) {
  const actor = requireUser(ctx.actor);
  assertUuid(entityId, "Entity");
  const [row] = await ctx.db
    .select({ a: appeals })
    .from(appeals)
    .innerJoin(entities, eq(entities.id, appeals.entityId))
    .where(and(eq(appeals.entityId, entityId), actor.role === "admin" ? undefined : eq(entities.ownerId, actor.userId)))
    .orderBy(desc(appeals.createdAt))
    .limit(1);
  return row ? toAppealDto(row.a) : null;
}
