import { timestamptz } from "@/src/platform/db/columns";
import { sql, type SQL } from "drizzle-orm";
import { boolean, check, customType, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { user } from "@/src/platform/auth/schema";

export const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });
export const entities = pgTable(
  "entities",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    type: text("type").notNull(),
    shortDescription: text("short_description").notNull().default(""),
    description: text("description").notNull().default(""),
    tags: text("tags").array().notNull().default([]),
    location: text("location"),
    website: text("website"),
    contactEmail: text("contact_email"),
    logoFileId: uuid("logo_file_id"),
    visibility: text("visibility").notNull().default("public"),
    verified: boolean("verified").notNull().default(false),
    verifiedAt: timestamptz("verified_at"),
    /** `hidden` by moderation: only the owner and admins see it. */
    status: text("status").notNull().default("active"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
    search: tsvector("search").generatedAlwaysAs(
      (): SQL =>
        sql`setweight(to_tsvector('simple', coalesce(${entities.name}, '')), 'A') || setweight(to_tsvector('simple', ringlet_text_array(${entities.tags})), 'B') || setweight(to_tsvector('simple', coalesce(${entities.shortDescription}, '') || ' ' || coalesce(${entities.description}, '')), 'C')`,
    ),
  },
  (t) => [
    check("entities_visibility_check", sql`${t.visibility} in ('public','subscriber','member','confidential')`),
    check("entities_status_check", sql`${t.status} in ('active','hidden')`),
    index("entities_search_idx").using("gin", t.search),
    index("entities_owner_idx").on(t.ownerId, t.createdAt),
    index("entities_list_idx").on(t.status, t.visibility, t.createdAt, t.id),
    index("entities_created_idx").on(t.createdAt, t.id),
    index("entities_type_idx").on(t.type, t.createdAt),
  ],
);
