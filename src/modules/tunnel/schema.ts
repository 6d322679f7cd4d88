import { timestamptz } from "@/src/platform/db/columns";
import { bigint, index, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import type { Viewable } from "@/src/platform/access/visibility";

/** One row per channel: the last sequence number given out. Its row lock orders a channel's writers. */
export const tunnelChannels = pgTable("tunnel_channels", {
  name: text("name").primaryKey(),
  lastSeq: bigint("last_seq", { mode: "number" }).notNull(),
});

/**
 * Every tunnel message, numbered per channel: the sequence is the resume point. Bodies live here
 * (fan-out signals carry only channel and sequence); rows older than the retention are pruned.
 */
export const tunnelMessages = pgTable(
  "tunnel_messages",
  {
    channel: text("channel").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    type: text("type").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    /** For discovery channels: what `canView` needs, checked per subscriber before sending. */
    access: jsonb("access").$type<Viewable>(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.seq] }), index("tunnel_messages_created_idx").on(t.createdAt)],
);
