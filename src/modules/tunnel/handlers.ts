import { eq } from "drizzle-orm";
import type { Viewable, Visibility } from "@/src/platform/access/visibility";
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
 * Turns outbox events into tunnel messages, in the event's transaction, and wakes the hubs after
 * commit. Discovery messages carry the resource's access snapshot so each subscriber is checked.
 */
export const tunnelPublisher: EventHandler = {
  name: "tunnel",
  types: TUNNEL_EVENT_TYPES,
  async handle(db, event) {
    const messages = await messagesFor(db, event);
    if (messages.length === 0) return;
    const signals = await appendTunnelMessages(db, messages);
    return () => tunnelFanout()?.publish(signals);
  },
};
