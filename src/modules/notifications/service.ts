import { and, count, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import en from "@/messages/en.json";
import uk from "@/messages/uk.json";
import type { Locale } from "@/src/platform/config/ring-config";
import type { Ctx } from "@/src/platform/context";
import type { Db } from "@/src/platform/db/client";
import { DomainError } from "@/src/platform/http/errors";
import { decodeCursor, encodeCursor, PageInput } from "@/src/platform/http/pagination";
import { notificationPreferences, notifications } from "./schema";
import { NOTIFICATION_TYPES, type NotificationType } from "./types";

export interface NotificationInput {
  userId: string;
  type: NotificationType;
  link: string | null;
  data: Record<string, string | number | boolean | null>;
  dedupeKey: string;
}

/**
 * Creates an in-app notification unless the user turned that type off or already has it
 * (same dedupe key). Returns whether a row was written. Call inside the caller's transaction.
 * Callers decide visibility first: nothing may link to what the user cannot `canView`.
 */
export async function notify(tx: Db, input: NotificationInput): Promise<boolean> {
  const [pref] = await tx
    .select({ inApp: notificationPreferences.inApp })
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.userId, input.userId), eq(notificationPreferences.type, input.type)));
  if (pref && !pref.inApp) return false;
  const inserted = await tx.insert(notifications).values(input).onConflictDoNothing().returning({ id: notifications.id });
  return inserted.length > 0;
}

/** `notify` for many recipients at once: muted recipients are skipped, duplicates ignored; returns who got one. */
export async function notifyMany(tx: Db, inputs: NotificationInput[]): Promise<string[]> {
  if (inputs.length === 0) return [];
  const types = [...new Set(inputs.map((i) => i.type))];
  const muted = await tx
    .select({ userId: notificationPreferences.userId, type: notificationPreferences.type })
    .from(notificationPreferences)
    .where(and(inArray(notificationPreferences.userId, inputs.map((i) => i.userId)), inArray(notificationPreferences.type, types), eq(notificationPreferences.inApp, false)));
  const mutedKeys = new Set(muted.map((m) => `${m.userId}|${m.type}`));
  const wanted = inputs.filter((i) => !mutedKeys.has(`${i.userId}|${i.type}`));
  if (wanted.length === 0) return [];
  const inserted = await tx.insert(notifications).values(wanted).onConflictDoNothing().returning({ userId: notifications.userId });
  return inserted.map((r) => r.userId);
}

/** How many notifications of a type each user got since a moment (for daily caps). */
export async function recentCounts(tx: Db, userIds: string[], type: NotificationType, since: Date): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await tx
    .select({ userId: notifications.userId, n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(inArray(notifications.userId, userIds), eq(notifications.type, type), sql`${notifications.createdAt} >= ${since}`))
    .groupBy(notifications.userId);
  return new Map(rows.map((r) => [r.userId, r.n]));
}

const TEXT = { en: en.notifications.types, uk: uk.notifications.types } as const;

function render(template: string, data: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(data[key] ?? ""));
}

export function renderNotification(row: typeof notifications.$inferSelect, locale: Locale) {
  const text = TEXT[locale][row.type as NotificationType] ?? { title: row.type, body: "" };
  return {
    id: row.id,
    type: row.type,
    title: render(text.title, row.data),
    body: render(text.body, row.data),
    link: row.link,
    data: row.data,
    readAt: row.readAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export const ListNotificationsInput = PageInput.extend({
  unread: z.enum(["true", "false"]).optional(),
  type: z.enum(NOTIFICATION_TYPES).optional(),
});
const Cursor = z.object({ createdAt: z.string(), id: z.uuid() });

function requireUserId(ctx: Ctx): string {
  if (ctx.actor.kind !== "user") throw new DomainError("unauthenticated", "Sign in first");
  return ctx.actor.userId;
}

export async function unreadCount(db: Db, userId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(row.n);
}

/** The caller's notifications, newest first, with the unread count. */
export async function listNotifications(ctx: Ctx, raw: z.input<typeof ListNotificationsInput>, locale: Locale = "en") {
  const userId = requireUserId(ctx);
  const input = ListNotificationsInput.parse(raw);
  const filters: SQL[] = [eq(notifications.userId, userId)];
  if (input.unread === "true") filters.push(isNull(notifications.readAt));
  if (input.unread === "false") filters.push(sql`${notifications.readAt} is not null`);
  if (input.type) filters.push(eq(notifications.type, input.type));
  const cursor = decodeCursor(input.cursor, Cursor);
  if (cursor) filters.push(sql`(${notifications.createdAt}, ${notifications.id}) < (${new Date(cursor.createdAt)}, ${cursor.id}::uuid)`);
  const rows = await ctx.db
    .select()
    .from(notifications)
    .where(and(...filters))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => renderNotification(r, locale)),
    nextCursor: rows.length > input.limit ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null,
    unreadCount: await unreadCount(ctx.db, userId),
  };
}

export const MarkReadInput = z.union([z.object({ ids: z.array(z.uuid()).min(1).max(500) }), z.object({ all: z.literal(true) })]);

/** Marks some (or all) of the caller's notifications read; others' ids are ignored. Idempotent. */
export async function markRead(ctx: Ctx, raw: z.input<typeof MarkReadInput>): Promise<void> {
  const userId = requireUserId(ctx);
  const input = MarkReadInput.parse(raw);
  const mine = and(eq(notifications.userId, userId), isNull(notifications.readAt));
  await ctx.db
    .update(notifications)
    .set({ readAt: ctx.now() })
    .where("ids" in input ? and(mine, inArray(notifications.id, input.ids)) : mine);
}
