import { requireUser } from "@/src/platform/auth/require-user";
import { and, count, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import en from "@/messages/en.json";
import uk from "@/messages/uk.json";
import type { Locale } from "@/src/platform/config/ring-config";
import type { Ctx } from "@/src/platform/context";
import type { Db } from "@/src/platform/db/client";
import { cursorTime, decodeCursor, encodeCursor, PageInput } from "@/src/platform/http/pagination";
import { publish } from "@/src/platform/events/publish";
import { user } from "@/src/platform/auth/schema";
import { renderTemplate } from "./render";
import { EMAIL_BY_DEFAULT, queueNotificationEmail, verifyUnsubscribe } from "./email";
import type { Actor } from "@/src/platform/auth/roles";
import { notificationPreferences, notifications } from "./schema";
import { keepVisibleToRecipients, readersOf, subjectVisibleWhere } from "./subject";
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
 * A link to a listing or organisation the user cannot `canView` is not sent (see `./subject`).
 */
export async function notify(tx: Db, input: NotificationInput): Promise<boolean> {
  return (await notifyMany(tx, [input])).length > 0;
}

/**
 * `notify` for many recipients at once, honouring each member's preferences per type and channel:
 * in-app rows (duplicates ignored) and, where email is on, the email twin through the mail outbox.
 * Recipients who may no longer see the subject (hidden, withdrawn, visibility raised, blocked) get
 * nothing. Returns who got something new.
 */
export async function notifyMany(tx: Db, requested: NotificationInput[]): Promise<string[]> {
  const inputs = await keepVisibleToRecipients(tx, requested);
  if (inputs.length === 0) return [];
  const types = [...new Set(inputs.map((i) => i.type))];
  const prefs = await tx
    .select()
    .from(notificationPreferences)
    .where(and(inArray(notificationPreferences.userId, inputs.map((i) => i.userId)), inArray(notificationPreferences.type, types)));
  const prefOf = new Map(prefs.map((p) => [`${p.userId}|${p.type}`, p]));
  const channels = (i: NotificationInput) => {
    const p = prefOf.get(`${i.userId}|${i.type}`);
    return { inApp: p?.inApp ?? true, email: p?.email ?? EMAIL_BY_DEFAULT.includes(i.type) };
  };
  const inApp = inputs.filter((i) => channels(i).inApp);
  const inserted = inApp.length
    ? await tx.insert(notifications).values(inApp).onConflictDoNothing().returning({ id: notifications.id, userId: notifications.userId, type: notifications.type })
    : [];
  const fresh = new Set(inserted.map((r) => r.userId));
  if (inserted.length) {
    await publish(tx, { type: "notifications.created", aggregateType: "user", aggregateId: inserted[0].userId, payload: { items: inserted } });
  }
  // Email only for facts not seen before: in-app dedupe decides, or the in-app channel is off for it.
  const byEmail = inputs.filter((i) => channels(i).email && (fresh.has(i.userId) || !channels(i).inApp));
  if (byEmail.length) {
    const addresses = new Map((await tx.select({ id: user.id, email: user.email }).from(user).where(inArray(user.id, byEmail.map((i) => i.userId)))).map((u) => [u.id, u.email]));
    for (const input of byEmail) {
      const to = addresses.get(input.userId);
      if (to) await queueNotificationEmail(tx, to, input);
    }
  }
  return [...new Set([...fresh, ...byEmail.map((i) => i.userId)])];
}

export const PreferencesInput = z.object({
  items: z.array(z.object({ type: z.enum(NOTIFICATION_TYPES), inApp: z.boolean(), email: z.boolean() })).min(1).max(NOTIFICATION_TYPES.length),
});

/** The caller's channels for every type (defaults filled in). */
export async function getPreferences(ctx: Ctx) {
  const userId = requireUser(ctx.actor).userId;
  const rows = await ctx.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
  return {
    items: NOTIFICATION_TYPES.map((type) => {
      const row = rows.find((r) => r.type === type);
      return { type, inApp: row?.inApp ?? true, email: row?.email ?? EMAIL_BY_DEFAULT.includes(type) };
    }),
  };
}

export async function setPreferences(ctx: Ctx, raw: z.input<typeof PreferencesInput>) {
  const userId = requireUser(ctx.actor).userId;
  const input = PreferencesInput.parse(raw);
  for (const item of input.items) {
    await ctx.db
      .insert(notificationPreferences)
      .values({ userId, ...item, updatedAt: ctx.now() })
      .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.type], set: { inApp: item.inApp, email: item.email, updatedAt: ctx.now() } });
  }
  return getPreferences(ctx);
}

/** The one-click unsubscribe of an email's footer: signed per user and type, no sign-in needed. */
export async function unsubscribeByLink(db: Db, userId: string, type: string, signature: string): Promise<boolean> {
  const known = NOTIFICATION_TYPES.find((t) => t === type);
  if (!known || !verifyUnsubscribe(userId, type, signature)) return false;
  const [exists] = await db.select({ id: user.id }).from(user).where(eq(user.id, userId));
  if (!exists) return false;
  await db
    .insert(notificationPreferences)
    .values({ userId, type: known, inApp: true, email: false })
    .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.type], set: { email: false, updatedAt: new Date() } });
  return true;
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

export function renderNotification(row: typeof notifications.$inferSelect, locale: Locale) {
  const text = TEXT[locale][row.type as NotificationType] ?? { title: row.type, body: "" };
  return {
    id: row.id,
    type: row.type,
    title: renderTemplate(text.title, row.data, locale),
    body: renderTemplate(text.body, row.data, locale),
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

/** What a reader's bell counts: unread notifications whose subject they may still see. */
export async function unreadCount(db: Db, reader: Actor): Promise<number> {
  const userId = requireUser(reader).userId;
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), subjectVisibleWhere(reader)));
  return Number(row.n);
}

/** `unreadCount` for several members (members whose account is gone are absent). */
export async function unreadCounts(db: Db, userIds: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const reader of (await readersOf(db, userIds)).values()) counts.set(reader.userId!, await unreadCount(db, reader));
  return counts;
}

/** The caller's notifications about what they may still see, newest first, with the unread count. */
export async function listNotifications(ctx: Ctx, raw: z.input<typeof ListNotificationsInput>, locale: Locale = "en") {
  const userId = requireUser(ctx.actor).userId;
  const input = ListNotificationsInput.parse(raw);
  const filters: SQL[] = [eq(notifications.userId, userId), subjectVisibleWhere(ctx.actor)];
  if (input.unread === "true") filters.push(isNull(notifications.readAt));
  if (input.unread === "false") filters.push(sql`${notifications.readAt} is not null`);
  if (input.type) filters.push(eq(notifications.type, input.type));
  const cursor = decodeCursor(input.cursor, Cursor);
  if (cursor) filters.push(sql`(${notifications.createdAt}, ${notifications.id}) < (${cursorTime(cursor.createdAt)}, ${cursor.id}::uuid)`);
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
    unreadCount: await unreadCount(ctx.db, ctx.actor),
  };
}

export const MarkReadInput = z.union([z.object({ ids: z.array(z.uuid()).min(1).max(500) }), z.object({ all: z.literal(true) })]);

/** Marks some (or all) of the caller's notifications read; others' ids are ignored. Idempotent. */
export async function markRead(ctx: Ctx, raw: z.input<typeof MarkReadInput>): Promise<void> {
  const userId = requireUser(ctx.actor).userId;
  const input = MarkReadInput.parse(raw);
  const mine = and(eq(notifications.userId, userId), isNull(notifications.readAt));
  await ctx.db.transaction(async (tx) => {
    const read = await tx
      .update(notifications)
      .set({ readAt: ctx.now() })
      .where("ids" in input ? and(mine, inArray(notifications.id, input.ids)) : mine)
      .returning({ id: notifications.id });
    if (read.length) await publish(tx, { type: "notifications.read", aggregateType: "user", aggregateId: userId, actorId: userId, payload: { count: read.length } });
  });
}
