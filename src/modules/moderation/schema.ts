import { sql } from "drizzle-orm";
import { index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamptz } from "@/src/platform/db/columns";
import { user } from "@/src/platform/auth/schema";
import { entities } from "@/src/modules/entities/schema";

export const REPORT_CATEGORIES = ["spam", "fraud", "impersonation", "inappropriate", "harassment", "illegal", "other"] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

/** A member's report of an organisation or a listing; the queue groups them by organisation (or listing without one). */
export const reports = pgTable(
  "reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    targetType: text("target_type").notNull(),
    targetId: uuid("target_id").notNull(),
    /** The organisation concerned: the target itself, or the listing's organisation. */
    entityId: uuid("entity_id").references(() => entities.id, { onDelete: "cascade" }),
    reporterId: text("reporter_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    category: text("category").notNull(),
    reason: text("reason").notNull(),
    /** open, dismissed (nothing wrong) or actioned (the target was hidden). */
    status: text("status").notNull().default("open"),
    resolvedBy: text("resolved_by"),
    resolvedAt: timestamptz("resolved_at"),
    resolutionNote: text("resolution_note"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("reports_one_open_idx").on(t.reporterId, t.targetType, t.targetId).where(sql`${t.status} = 'open'`),
    index("reports_open_entity_idx").on(t.entityId, t.createdAt).where(sql`${t.status} = 'open'`),
    index("reports_reporter_day_idx").on(t.reporterId, t.createdAt),
  ],
);

/** An owner's single appeal against the hiding of their organisation; the decision is final. */
export const appeals = pgTable(
  "appeals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    entityId: uuid("entity_id")
      .notNull()
      .references(() => entities.id, { onDelete: "cascade" }),
    ownerId: text("owner_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    message: text("message").notNull(),
    /** open, upheld (stays hidden) or overturned (restored). */
    status: text("status").notNull().default("open"),
    decidedBy: text("decided_by"),
    decidedAt: timestamptz("decided_at"),
    note: text("note"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("appeals_entity_idx").on(t.entityId)],
);
