import { timestamptz } from "@/src/platform/db/columns";
import { sql, type SQL } from "drizzle-orm";
import { bigserial, boolean, check, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { user } from "@/src/platform/auth/schema";
import { entities, tsvector } from "@/src/modules/entities/schema";

export const opportunities = pgTable(
  "opportunities",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    authorId: text("author_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    entityId: uuid("entity_id").references(() => entities.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    description: text("description").notNull(),
    type: text("type").notNull(),
    category: text("category").notNull(),
    skills: text("skills").array().notNull().default([]),
    skillsNormalized: text("skills_normalized").array().notNull().default([]),
    location: text("location"),
    remote: boolean("remote").notNull().default(false),
    budgetMin: integer("budget_min"),
    budgetMax: integer("budget_max"),
    budgetCurrency: text("budget_currency"),
    expiresAt: timestamptz("expires_at"),
    visibility: text("visibility").notNull().default("public"),
    status: text("status").notNull().default("draft"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
    publishedAt: timestamptz("published_at"),
    search: tsvector("search").generatedAlwaysAs(
      (): SQL =>
        sql`setweight(to_tsvector('simple', coalesce(${opportunities.title}, '')), 'A') || setweight(to_tsvector('simple', ringlet_text_array(${opportunities.skills})), 'B') || setweight(to_tsvector('simple', coalesce(${opportunities.description}, '')), 'C')`,
    ),
  },
  (t) => [
    check("opportunities_visibility_check", sql`${t.visibility} in ('public','subscriber','member','confidential')`),
    check("opportunities_status_check", sql`${t.status} in ('draft','pending','active','rejected','closed','expired','archived')`),
    check("opportunities_budget_check", sql`${t.budgetMin} is null or ${t.budgetMax} is null or ${t.budgetMin} <= ${t.budgetMax}`),
    index("opportunities_search_idx").using("gin", t.search),
    index("opportunities_skills_idx").using("gin", t.skillsNormalized),
    index("opportunities_browse_idx").on(t.status, t.publishedAt, t.id),
    index("opportunities_category_idx").on(t.status, t.category, t.publishedAt),
    index("opportunities_author_idx").on(t.authorId, t.status, t.updatedAt),
    index("opportunities_entity_idx").on(t.entityId, t.status),
    index("opportunities_expiry_idx").on(t.status, t.expiresAt),
  ],
);

/** Every status change, with who made it and why: the listing's timeline. */
export const opportunityTransitions = pgTable(
  "opportunity_transitions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    opportunityId: uuid("opportunity_id")
      .notNull()
      .references(() => opportunities.id, { onDelete: "cascade" }),
    fromStatus: text("from_status"),
    toStatus: text("to_status").notNull(),
    actorId: text("actor_id").references(() => user.id, { onDelete: "set null" }),
    /** `owner`, `admin` or `system` */
    actorKind: text("actor_kind").notNull(),
    note: text("note"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [index("opportunity_transitions_idx").on(t.opportunityId, t.id)],
);

export const APPLICATION_STATUSES = ["submitted", "shortlisted", "declined", "withdrawn"] as const;

export const applications = pgTable(
  "applications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    opportunityId: uuid("opportunity_id")
      .notNull()
      .references(() => opportunities.id, { onDelete: "cascade" }),
    applicantId: text("applicant_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    message: text("message").notNull(),
    status: text("status").notNull().default("submitted"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("applications_once_idx").on(t.opportunityId, t.applicantId),
    index("applications_applicant_idx").on(t.applicantId, t.createdAt),
    check("applications_status_check", sql`${t.status} in ('submitted','shortlisted','declined','withdrawn')`),
  ],
);
