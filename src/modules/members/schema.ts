import { timestamptz } from "@/src/platform/db/columns";
import { sql, type SQL } from "drizzle-orm";
import { boolean, index, pgTable, text } from "drizzle-orm/pg-core";
import { tsvector } from "@/src/modules/entities/schema";
import { user } from "@/src/platform/auth/schema";

export const memberProfiles = pgTable(
  "member_profiles",
  {
    userId: text("user_id")
      .primaryKey()
      .references(() => user.id, { onDelete: "cascade" }),
    headline: text("headline"),
    bio: text("bio"),
    /** Skills as the member typed them, for display. */
    skills: text("skills").array().notNull().default([]),
    /** Trimmed, lower-cased, de-duplicated: what the matcher compares. */
    skillsNormalized: text("skills_normalized").array().notNull().default([]),
    categories: text("categories").array().notNull().default([]),
    location: text("location"),
    remote: boolean("remote").notNull().default(false),
    languages: text("languages").array().notNull().default([]),
    notifyOnMatch: boolean("notify_on_match").notNull().default(true),
    blockedEntityIds: text("blocked_entity_ids").array().notNull().default([]),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
    /** The matcher's first stage searches this: headline, skills, bio. */
    search: tsvector("search").generatedAlwaysAs(
      (): SQL =>
        sql`setweight(to_tsvector('simple', coalesce(${memberProfiles.headline}, '')), 'A') || setweight(to_tsvector('simple', ringlet_text_array(${memberProfiles.skills})), 'B') || setweight(to_tsvector('simple', coalesce(${memberProfiles.bio}, '')), 'C')`,
    ),
  },
  (t) => [
    index("member_profiles_skills_idx").using("gin", t.skillsNormalized),
    index("member_profiles_categories_idx").using("gin", t.categories),
    index("member_profiles_search_idx").using("gin", t.search),
  ],
);
