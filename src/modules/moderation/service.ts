import { eq } from "drizzle-orm";
import { z } from "zod";
import { defineUseCase } from "@/src/platform/context";
import { publish } from "@/src/platform/events/publish";
import { DomainError, notFound } from "@/src/platform/http/errors";
import { audit } from "@/src/modules/audit/service";
import { entities } from "@/src/modules/entities/schema";
import { toEntityDto } from "@/src/modules/entities/service";

/** Entity actions available now; `dismiss` and `suspend_owner` arrive with reports (trust and safety issue). */
export const ENTITY_ACTIONS = ["hide", "restore"] as const;

export const EntityActionInput = z.object({
  entityId: z.uuid(),
  action: z.enum(ENTITY_ACTIONS),
  note: z.string().trim().min(1, "Required").max(2000),
});

const NEXT_STATUS = { hide: "hidden", restore: "active" } as const;

/**
 * Admin hides an organisation (it and its listings vanish for everyone but the owner and admins) or restores it.
 * Audited; emits `entity.hidden` / `entity.restored`. Hiding a hidden one is a 409.
 */
export const moderateEntity = defineUseCase(EntityActionInput, async (ctx, input, tx) => {
  if (ctx.actor.role !== "admin") throw new DomainError("forbidden", "Admins only");
  const [row] = await tx.select().from(entities).where(eq(entities.id, input.entityId)).for("update");
  if (!row) throw notFound("Entity");
  const status = NEXT_STATUS[input.action];
  if (row.status === status) throw new DomainError("conflict", `The organisation is already ${status}`);
  const [updated] = await tx.update(entities).set({ status, updatedAt: ctx.now() }).where(eq(entities.id, row.id)).returning();
  await audit(tx, { actorId: ctx.actor.userId, action: `entity.${input.action}`, targetType: "entity", targetId: row.id, data: { note: input.note, name: row.name } });
  await publish(tx, { type: input.action === "hide" ? "entity.hidden" : "entity.restored", aggregateType: "entity", aggregateId: row.id, actorId: ctx.actor.userId, payload: { note: input.note } });
  return toEntityDto(updated);
});
