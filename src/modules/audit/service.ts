import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import { requireAdmin } from "@/src/platform/auth/require-user";
import type { Ctx } from "@/src/platform/context";
import type { Db } from "@/src/platform/db/client";
import { user } from "@/src/platform/auth/schema";
import { decodeCursor, encodeCursor, PageInput } from "@/src/platform/http/pagination";
import { auditLog } from "./schema";

export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  data?: Record<string, unknown>;
}

/** Records who did what; call inside the transaction of the change itself. */
export async function audit(tx: Db, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    data: entry.data ?? {},
  });
}

export const ListAuditInput = PageInput.extend({
  action: z.string().max(100).optional(),
  actorId: z.string().max(100).optional(),
  targetType: z.string().max(100).optional(),
});

const CursorShape = z.object({ id: z.number().int() });

/** Admin view of the audit log, newest first, keyset-paginated. */
export async function listAudit(ctx: Ctx, raw: z.input<typeof ListAuditInput>) {
  requireAdmin(ctx.actor);
  const input = ListAuditInput.parse(raw);
  const filters: SQL[] = [];
  if (input.action) filters.push(eq(auditLog.action, input.action));
  if (input.actorId) filters.push(eq(auditLog.actorId, input.actorId));
  if (input.targetType) filters.push(eq(auditLog.targetType, input.targetType));
  const cursor = decodeCursor(input.cursor, CursorShape);
  if (cursor) filters.push(lt(auditLog.id, cursor.id));
  const rows = await ctx.db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      data: auditLog.data,
      createdAt: auditLog.createdAt,
      actorId: auditLog.actorId,
      actorEmail: user.email,
    })
    .from(auditLog)
    .leftJoin(user, eq(user.id, auditLog.actorId))
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const nextCursor = rows.length > input.limit ? encodeCursor({ id: items[items.length - 1].id }) : null;
  return { items, nextCursor };
}


