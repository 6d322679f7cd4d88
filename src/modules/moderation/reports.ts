import { and, count, countDistinct, eq, gte, lte, or } from "drizzle-orm";
import { user } from "@/src/platform/auth/schema";
import { z } from "zod";
import { requireUser } from "@/src/platform/auth/require-user";
import type { Ctx } from "@/src/platform/context";
import type { Db } from "@/src/platform/db/client";
import { isUniqueViolation } from "@/src/platform/db/errors";
import { publish } from "@/src/platform/events/publish";
import { DomainError } from "@/src/platform/http/errors";
import { getSetting } from "@/src/platform/settings/resolve";
import { entities } from "@/src/modules/entities/schema";
import { getVisibleEntity } from "@/src/modules/entities/service";
import { opportunities } from "@/src/modules/opportunities/schema";
import { getVisibleOpportunity } from "@/src/modules/opportunities/service";
import { REPORT_CATEGORIES, reports } from "./schema";
import { hideEntity } from "./service";

/** Reports one member may file per 24 hours. */
export const REPORTS_PER_DAY = 20;

export const ReportInput = z.object({
  category: z.enum(REPORT_CATEGORIES),
  reason: z.string().trim().min(10, "At least 10 characters").max(2000),
});

interface Target {
  type: "entity" | "opportunity";
  id: string;
  entityId: string | null;
  ownerId: string | null;
}

async function fileReport(ctx: Ctx, target: Target, raw: z.input<typeof ReportInput>) {
  const actor = requireUser(ctx.actor);
  const input = ReportInput.parse(raw);
  if (target.ownerId === actor.userId) throw new DomainError("forbidden", `You cannot report your own ${target.type === "entity" ? "organisation" : "listing"}`);
  return ctx.db.transaction(async (tx) => {
    const [{ n }] = await tx
      .select({ n: count() })
      .from(reports)
      .where(and(eq(reports.reporterId, actor.userId), gte(reports.createdAt, new Date(ctx.now().getTime() - 86_400_000))));
    if (Number(n) >= REPORTS_PER_DAY) throw new DomainError("rate_limited", `At most ${REPORTS_PER_DAY} reports a day`, undefined, { "retry-after": "3600" });
    let row: typeof reports.$inferSelect;
    try {
      [row] = await tx.transaction((sp) =>
        sp
          .insert(reports)
          .values({ targetType: target.type, targetId: target.id, entityId: target.entityId, reporterId: actor.userId, category: input.category, reason: input.reason, createdAt: ctx.now() })
          .returning(),
      );
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainError("conflict", "You already reported this; the moderators have it");
      throw e;
    }
    await publish(tx, { type: "report.created", aggregateType: target.type, aggregateId: target.id, actorId: actor.userId, payload: { reportId: row.id, entityId: target.entityId, category: input.category } });
    if (target.entityId) await maybeAutoHide(tx, target.entityId, ctx.now());
    return { id: row.id, targetType: row.targetType, targetId: row.targetId, category: row.category, status: row.status, createdAt: row.createdAt.toISOString() };
  });
}

/**
 * Like Discourse's thresholds: N distinct members with open reports hide an organisation until an
 * admin looks (off at 0). Only established reporters count (verified email, account older than
 * MODERATION_REPORTER_MIN_AGE_DAYS), so a batch of fresh sign-ups cannot take an organisation down.
 */
async function maybeAutoHide(tx: Db, entityId: string, now: Date) {
  const threshold = await getSetting<number>(tx, "MODERATION_AUTO_HIDE_REPORTERS");
  if (threshold <= 0) return;
  const minAgeDays = await getSetting<number>(tx, "MODERATION_REPORTER_MIN_AGE_DAYS");
  const joinedBefore = new Date(now.getTime() - minAgeDays * 86_400_000);
  const [{ reporters }] = await tx
    .select({ reporters: countDistinct(reports.reporterId) })
    .from(reports)
    .innerJoin(user, eq(user.id, reports.reporterId))
    .where(and(eq(reports.entityId, entityId), eq(reports.status, "open"), eq(user.emailVerified, true), lte(user.createdAt, joinedBefore)));
  if (Number(reporters) < threshold) return;
  const [entity] = await tx.select().from(entities).where(eq(entities.id, entityId)).for("update");
  if (entity?.status === "active") await hideEntity(tx, entity, null, `Hidden automatically: ${reporters} members reported it`, now);
}

export async function reportEntity(ctx: Ctx, entityId: string, raw: z.input<typeof ReportInput>) {
  const entity = await getVisibleEntity(ctx.db, ctx.actor, entityId);
  return fileReport(ctx, { type: "entity", id: entity.id, entityId: entity.id, ownerId: entity.ownerId }, raw);
}

export async function reportOpportunity(ctx: Ctx, opportunityId: string, raw: z.input<typeof ReportInput>) {
  const { row } = await getVisibleOpportunity(ctx.db, ctx.actor, opportunityId);
  return fileReport(ctx, { type: "opportunity", id: row.id, entityId: row.entityId, ownerId: row.authorId }, raw);
}

/** Open reports against anything of this author or organisation: the auto-approval safety hold. */
export async function hasOpenReports(db: Db, authorId: string, entityId: string | null): Promise<boolean> {
  const [found] = await db
    .select({ id: reports.id })
    .from(reports)
    .leftJoin(entities, eq(entities.id, reports.entityId))
    .leftJoin(opportunities, and(eq(reports.targetType, "opportunity"), eq(opportunities.id, reports.targetId)))
    .where(and(eq(reports.status, "open"), or(entityId ? eq(reports.entityId, entityId) : undefined, eq(entities.ownerId, authorId), eq(opportunities.authorId, authorId))))
    .limit(1);
  return Boolean(found);
}
