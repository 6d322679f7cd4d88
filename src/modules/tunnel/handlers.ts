import { and, eq, sql } from "drizzle-orm";
import { stricterVisibility, type Viewable, type Visibility } from "@/src/platform/access/visibility";
import type { Db } from "@/src/platform/db/client";
import type { EventHandler, EventRow } from "@/src/platform/events/consumer";
import { entities } from "@/src/modules/entities/schema";
import { entityViewable } from "@/src/modules/entities/service";
import { unreadCounts } from "@/src/modules/notifications/service";
import { opportunities } from "@/src/modules/opportunities/schema";
import { opportunityViewable } from "@/src/modules/opportunities/service";
import { appendTunnelMessages, type TunnelMessageInput } from "./append";
import { ADMIN_CHANNEL, userChannel } from "./channels";
import { tunnelFanout } from "./fanout/select";
import { ACCOUNT_UPDATED } from "./hub";
import { tunnelMessages } from "./schema";

const OPPORTUNITY_CHANNEL = "discovery:opportunities";
const ENTITY_CHANNEL = "discovery:entities";

type Payload = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" ? v : null);

/**
 * A listing that stops being live is announced to everyone who could see it while it was live
 * (they drop it from their lists) with nothing but its id and status.
 */
const asWhenLive = (access: Viewable): Viewable => ({ ...access, live: true });

async function opportunityMessages(db: Db, event: EventRow): Promise<TunnelMessageInput[]> {
  const p = event.payload as Payload;
  const id = event.aggregateId;
  if (event.type === "opportunity.deleted") {
    const access: Viewable = { visibility: (str(p.visibility) ?? "confidential") as Visibility, ownerId: str(p.authorId), live: p.status === "active", entityId: str(p.entityId) };
    return [{ channel: OPPORTUNITY_CHANNEL, type: event.type, data: { id, status: "deleted" }, access }];
  }
  const [found] = await db
    .select({ row: opportunities, entityStatus: entities.status })
    .from(opportunities)
    .leftJoin(entities, eq(entities.id, opportunities.entityId))
    .where(eq(opportunities.id, id));
  if (!found) return [];
  const { row } = found;
  const access = opportunityViewable(row, found.entityStatus ? { status: found.entityStatus } : null);
  const out: TunnelMessageInput[] = [];
  const leftLive = event.type === "opportunity.status_changed" && p.from === "active" && !access.live;
  out.push(
    leftLive
      ? { channel: OPPORTUNITY_CHANNEL, type: event.type, data: { id, status: row.status }, access: asWhenLive(access) }
      : {
          channel: OPPORTUNITY_CHANNEL,
          type: event.type,
          data: { id, status: row.status, title: row.title, type: row.type, category: row.category, entityId: row.entityId, publishedAt: row.publishedAt },
          access,
        },
  );
  if (event.type === "opportunity.status_changed") {
    out.push({ channel: userChannel(row.authorId), type: event.type, data: { id, title: row.title, from: p.from, to: p.to } });
    if (p.to === "pending" || p.from === "pending") out.push({ channel: ADMIN_CHANNEL, type: "review.changed", data: { opportunityId: id, status: row.status } });
  }
  if (event.type === "opportunity.created" && row.status === "pending") {
    out.push({ channel: ADMIN_CHANNEL, type: "review.changed", data: { opportunityId: id, status: row.status } });
  }
  return out;
}

async function entityMessages(db: Db, event: EventRow): Promise<TunnelMessageInput[]> {
  const p = event.payload as Payload;
  const id = event.aggregateId;
  if (event.type === "entity.deleted") {
    const access: Viewable = { visibility: (str(p.visibility) ?? "confidential") as Visibility, ownerId: str(p.ownerId), live: p.status === "active", entityId: id };
    return [{ channel: ENTITY_CHANNEL, type: event.type, data: { id, status: "deleted" }, access }];
  }
  const [row] = await db.select().from(entities).where(eq(entities.id, id));
  if (!row) return [];
  const access = entityViewable(row);
  if (event.type === "entity.hidden") return [{ channel: ENTITY_CHANNEL, type: event.type, data: { id, status: row.status }, access: asWhenLive(access) }];
  return [{ channel: ENTITY_CHANNEL, type: event.type, data: { id, status: row.status, name: row.name, type: row.type, verified: row.verified }, access }];
}

async function notificationMessages(db: Db, event: EventRow): Promise<TunnelMessageInput[]> {
  if (event.type === "notifications.read") {
    const counts = await unreadCounts(db, [event.aggregateId]);
    return [{ channel: userChannel(event.aggregateId), type: "notification.read", data: { unreadCount: counts.get(event.aggregateId) ?? 0 } }];
  }
  const items = ((event.payload as Payload).items ?? []) as { id: string; userId: string; type: string }[];
  if (items.length === 0) return [];
  const counts = await unreadCounts(db, [...new Set(items.map((i) => i.userId))]);
  return items.map((i) => ({ channel: userChannel(i.userId), type: "notification.created", data: { id: i.id, type: i.type, unreadCount: counts.get(i.userId) ?? 0 } }));
}

function messagesFor(db: Db, event: EventRow): Promise<TunnelMessageInput[]> | TunnelMessageInput[] {
  if (event.type.startsWith("opportunity.")) return opportunityMessages(db, event);
  if (event.type.startsWith("entity.")) return entityMessages(db, event);
  if (event.type.startsWith("notifications.")) return notificationMessages(db, event);
  if (event.type === "process.failed") return [{ channel: ADMIN_CHANNEL, type: event.type, data: event.payload }];
  if (event.type === "email.escalated") return [{ channel: ADMIN_CHANNEL, type: event.type, data: { threadId: event.aggregateId, ...(event.payload as Payload) } }];
  if (event.type === "verification.submitted") return [{ channel: ADMIN_CHANNEL, type: "verification.changed", data: { entityId: event.aggregateId } }];
  if (event.type === "report.created" || event.type === "appeal.created") {
    return [{ channel: ADMIN_CHANNEL, type: "moderation.changed", data: { event: event.type, entityId: (event.payload as Payload).entityId ?? event.aggregateId } }];
  }
  return [{ channel: userChannel(event.aggregateId), type: ACCOUNT_UPDATED, data: { reason: event.type } }];
}

export const TUNNEL_EVENT_TYPES = [
  "opportunity.created",
  "opportunity.updated",
  "opportunity.status_changed",
  "opportunity.deleted",
  "entity.created",
  "entity.updated",
  "entity.deleted",
  "entity.hidden",
  "entity.restored",
  "notifications.created",
  "notifications.read",
  "process.failed",
  "email.escalated",
  "report.created",
  "appeal.created",
  "verification.submitted",
  "user.role_changed",
  "user.suspended",
  "member.entity_blocked",
  "member.entity_unblocked",
] as const;

/**
 * Earlier discovery messages about the same listing or organisation take its access as it is now, so a
 * replay (`since`, `Last-Event-ID`) never hands out a name or title that was public then and is hidden,
 * confidential or deleted now. (The id-only "it left" message itself still reaches former viewers.)
 */
async function restrictEarlierMessages(db: Db, event: EventRow, messages: TunnelMessageInput[]): Promise<void> {
  const channel = event.type.startsWith("opportunity.") ? OPPORTUNITY_CHANNEL : event.type.startsWith("entity.") ? ENTITY_CHANNEL : null;
  if (!channel) return;
  const current = messages.find((m) => m.channel === channel)?.access;
  if (!current) return;
  const now: Viewable = event.type.endsWith(".deleted") ? { ...current, live: false } : await currentAccess(db, event.type, event.aggregateId, current);
  await narrowMessages(db, channel, event.aggregateId, now);
  if (channel !== ENTITY_CHANNEL) return;
  // An organisation's listings follow it (hidden with it, never more visible than it) without events of their own.
  const listings = await db
    .selectDistinct({ id: sql<string>`${tunnelMessages.data}->>'id'` })
    .from(tunnelMessages)
    .where(and(eq(tunnelMessages.channel, OPPORTUNITY_CHANNEL), sql`${tunnelMessages.data}->>'entityId' = ${event.aggregateId}`));
  for (const { id } of listings) await narrowMessages(db, OPPORTUNITY_CHANNEL, id, await currentAccess(db, "opportunity.updated", id, { ...now, live: false }));
}

/**
 * Narrows, never widens: a message keeps the stricter of the access it was sent under and the
 * resource's access now (a listing approved later must not replay its pending announcement).
 */
async function narrowMessages(db: Db, channel: string, id: string, now: Viewable): Promise<void> {
  const earlier = await db
    .select({ seq: tunnelMessages.seq, access: tunnelMessages.access })
    .from(tunnelMessages)
    .where(and(eq(tunnelMessages.channel, channel), sql`${tunnelMessages.data}->>'id' = ${id}`));
  for (const { seq, access } of earlier) {
    if (!access) continue;
    const narrowed: Viewable = { ...access, visibility: stricterVisibility(access.visibility, now.visibility), live: access.live && now.live };
    if (narrowed.visibility === access.visibility && narrowed.live === access.live) continue;
    await db
      .update(tunnelMessages)
      .set({ access: narrowed })
      .where(and(eq(tunnelMessages.channel, channel), eq(tunnelMessages.seq, seq)));
  }
}

/** The resource's access now: the "left live" announcements carry the access it had while live. */
async function currentAccess(db: Db, type: string, id: string, announced: Viewable): Promise<Viewable> {
  if (type.startsWith("entity.")) {
    const [row] = await db.select().from(entities).where(eq(entities.id, id));
    return row ? entityViewable(row) : { ...announced, live: false };
  }
  const [found] = await db
    .select({ row: opportunities, entityStatus: entities.status })
    .from(opportunities)
    .leftJoin(entities, eq(entities.id, opportunities.entityId))
    .where(eq(opportunities.id, id));
  return found ? opportunityViewable(found.row, found.entityStatus ? { status: found.entityStatus } : null) : { ...announced, live: false };
}

/**
 * Turns outbox events into tunnel messages, in the event's transaction, and wakes the hubs after
 * commit. Discovery messages carry the resource's access snapshot so each subscriber is checked.
 */
export const tunnelPublisher: EventHandler = {
  name: "tunnel",
  types: TUNNEL_EVENT_TYPES,
  async handle(db, event) {
    const messages = await messagesFor(db, event);
    if (messages.length === 0) return;
    await restrictEarlierMessages(db, event, messages);
    const signals = await appendTunnelMessages(db, messages);
    return () => tunnelFanout()?.publish(signals);
  },
};
