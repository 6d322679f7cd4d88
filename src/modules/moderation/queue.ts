import { asc, eq, inArray } from "drizzle-orm";
import type { Ctx } from "@/src/platform/context";
import { user } from "@/src/platform/auth/schema";
import { DomainError } from "@/src/platform/http/errors";
import { entities } from "@/src/modules/entities/schema";
import { opportunities } from "@/src/modules/opportunities/schema";
import { appeals, reports, type ReportCategory } from "./schema";

/** How much one member's report weighs, by its gravest category. */
export const SEVERITY: Record<ReportCategory, number> = { illegal: 5, fraud: 4, impersonation: 3, harassment: 3, inappropriate: 2, spam: 1, other: 1 };

/** Severity of a group: each distinct reporter counts once, with the weight of their gravest report. */
export function severityOf(list: { reporterId: string; category: string }[]): number {
  const worst = new Map<string, number>();
  for (const r of list) worst.set(r.reporterId, Math.max(worst.get(r.reporterId) ?? 0, SEVERITY[r.category as ReportCategory] ?? 1));
  return [...worst.values()].reduce((a, b) => a + b, 0);
}

/**
 * Open reports grouped by organisation (a listing's counts against its organisation; a listing
 * without one is its own group), with open appeals; appeals and the gravest groups first,
 * then the oldest. Admins see reporters; owners never do.
 */
export async function moderationQueue(ctx: Ctx) {
  if (ctx.actor.role !== "admin") throw new DomainError("forbidden", "Admins only");
  const open = await ctx.db
    .select({ r: reports, reporter: user.name })
    .from(reports)
    .innerJoin(user, eq(user.id, reports.reporterId))
    .where(eq(reports.status, "open"))
    .orderBy(asc(reports.createdAt));
  const openAppeals = await ctx.db.select().from(appeals).where(eq(appeals.status, "open"));
  const entityIds = [...new Set([...open.filter((o) => o.r.entityId).map((o) => o.r.entityId!), ...openAppeals.map((a) => a.entityId)])];
  const listingIds = [...new Set(open.filter((o) => !o.r.entityId).map((o) => o.r.targetId))];
  const orgs = entityIds.length ? await ctx.db.select().from(entities).where(inArray(entities.id, entityIds)) : [];
  const listings = listingIds.length ? await ctx.db.select().from(opportunities).where(inArray(opportunities.id, listingIds)) : [];
  const subjects = [
    ...orgs.map((e) => ({ type: "entity" as const, id: e.id, name: e.name, status: e.status, ownerId: e.ownerId })),
    ...listings.map((o) => ({ type: "opportunity" as const, id: o.id, name: o.title, status: o.status, ownerId: o.authorId })),
  ];
  const items = subjects.map((subject) => {
    const mine = open.filter((o) => (subject.type === "entity" ? o.r.entityId === subject.id : !o.r.entityId && o.r.targetId === subject.id));
    const appeal = subject.type === "entity" ? (openAppeals.find((a) => a.entityId === subject.id) ?? null) : null;
    return {
      subject,
      entity: subject.type === "entity" ? { id: subject.id, name: subject.name, status: subject.status, ownerId: subject.ownerId } : null,
      reportCount: mine.length,
      reporterCount: new Set(mine.map((o) => o.r.reporterId)).size,
      severity: severityOf(mine.map((o) => o.r)),
      oldestAt: mine[0]?.r.createdAt.toISOString() ?? appeal?.createdAt.toISOString() ?? null,
      reports: mine.map(({ r, reporter }) => ({ id: r.id, targetType: r.targetType, targetId: r.targetId, category: r.category, reason: r.reason, reporterId: r.reporterId, reporterName: reporter, createdAt: r.createdAt.toISOString() })),
      appeal: appeal ? { id: appeal.id, message: appeal.message, createdAt: appeal.createdAt.toISOString() } : null,
    };
  });
  items.sort((a, b) => Number(Boolean(b.appeal)) - Number(Boolean(a.appeal)) || b.severity - a.severity || (a.oldestAt ?? "").localeCompare(b.oldestAt ?? ""));
  return { items };
}
