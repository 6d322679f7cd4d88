import { sql } from "drizzle-orm";
import { boolean, index, jsonb, pgTable, text, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { user } from "@/src/platform/auth/schema";
import { timestamptz } from "@/src/platform/db/columns";
import { files } from "@/src/platform/storage/schema";
import type { Visibility } from "@/src/platform/access/visibility";
import type { ArticleStatus } from "./states";

/** A news article in one locale; a translation points at the article it was translated from. */
export const articles = pgTable(
  "articles",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull().unique(),
    locale: text("locale").$type<"en" | "uk">().notNull(),
    translationOf: uuid("translation_of").references((): AnyPgColumn => articles.id, { onDelete: "set null" }),
    authorId: text("author_id").references(() => user.id, { onDelete: "set null" }),
    title: text("title").notNull(),
    excerpt: text("excerpt").notNull().default(""),
    /** Markdown; rendered with raw HTML escaped. */
    body: text("body").notNull().default(""),
    featuredFileId: uuid("featured_file_id").references(() => files.id, { onDelete: "set null" }),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    visibility: text("visibility").$type<Visibility>().notNull().default("public"),
    status: text("status").$type<ArticleStatus>().notNull().default("draft"),
    publishAt: timestamptz("publish_at"),
    publishedAt: timestamptz("published_at"),
    /** Text or image made by a model: the article says so to its readers. */
    aiText: boolean("ai_text").notNull().default(false),
    aiImage: boolean("ai_image").notNull().default(false),
    /** How an AI draft was asked for (instruction, sources, model), for the editor's audit. */
    generation: jsonb("generation").$type<{ instruction?: string; sources?: string[]; model?: string; provider?: string; translatedFrom?: string } | null>(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("articles_published_idx").on(t.status, t.publishedAt),
    index("articles_scheduled_idx").on(t.publishAt).where(sql`status = 'scheduled'`),
    index("articles_tags_idx").using("gin", t.tags),
  ],
);

/** Members an admin made editors: they draft, review and publish news without being admins. */
export const newsroomEditors = pgTable("newsroom_editors", {
  userId: text("user_id")
    .primaryKey()
    .references(() => user.id, { onDelete: "cascade" }),
  grantedBy: text("granted_by").references(() => user.id, { onDelete: "set null" }),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
});
