import { and, eq, inArray } from "drizzle-orm";
import { readFile, writeFile } from "node:fs/promises";
import { z } from "zod";
import { VISIBILITIES } from "@/src/platform/access/visibility";
import { user } from "@/src/platform/auth/schema";
import { LOCALES, ringConfig } from "@/src/platform/config/ring-config";
import type { Db } from "@/src/platform/db/client";
import { entities } from "@/src/modules/entities/schema";
import { articles } from "@/src/modules/newsroom/schema";
import { opportunities } from "@/src/modules/opportunities/schema";
import { normalizeSkill } from "@/src/modules/members/skills";
import { ENTITY_TYPES } from "@/src/modules/entities/types";
import { isCategoryId } from "@/src/modules/opportunities/categories";
import { CURRENCIES, OPPORTUNITY_TYPES } from "@/src/modules/opportunities/types";

export const RING_EXPORT_FORMAT = "ringlet-ring/1";

const ExportedEntity = z.object({
  id: z.string(),
  name: z.string().min(1).max(200),
  type: z.enum(ENTITY_TYPES),
  shortDescription: z.string().max(500).default(""),
  description: z.string().max(20_000).default(""),
  tags: z.array(z.string().max(200)).max(50).default([]),
  location: z.string().max(200).nullable().default(null),
  website: z.string().max(500).nullable().default(null),
  visibility: z.enum(VISIBILITIES),
});
const ExportedOpportunity = z.object({
  id: z.string(),
  entityId: z.string().nullable(),
  title: z.string().min(1).max(300),
  description: z.string().max(20_000),
  type: z.enum(OPPORTUNITY_TYPES),
  category: z.string().refine(isCategoryId, "unknown category"),
  skills: z.array(z.string().max(200)).max(50).default([]),
  location: z.string().max(200).nullable().default(null),
  remote: z.boolean().default(false),
  budgetMin: z.number().int().nullable().default(null),
  budgetMax: z.number().int().nullable().default(null),
  budgetCurrency: z.enum(CURRENCIES).nullable().default(null),
  visibility: z.enum(VISIBILITIES),
});
const ExportedArticle = z.object({
  id: z.string(),
  slug: z.string().regex(/^[a-z0-9-]{1,80}$/),
  translationOf: z.string().nullable(),
  locale: z.enum(LOCALES),
  title: z.string().min(1).max(300),
  excerpt: z.string().max(1000).default(""),
  body: z.string().max(100_000).default(""),
  tags: z.array(z.string().max(40)).max(10).default([]),
  visibility: z.enum(VISIBILITIES),
  aiText: z.boolean().default(false),
});
export const RingExport = z.object({
  format: z.literal(RING_EXPORT_FORMAT),
  exportedAt: z.string(),
  ring: z.object({ name: z.string() }),
  entities: z.array(ExportedEntity),
  opportunities: z.array(ExportedOpportunity),
  articles: z.array(ExportedArticle),
});
export type RingExport = z.infer<typeof RingExport>;

/**
 * The ring's shareable content as one JSON document: organisations, listings (active or pending) and
 * published articles, without accounts, payments or private documents. For seeding a new ring or
 * moving content between rings; a full copy is `backup`/`restore`.
 */
export async function exportRing(db: Db, file: string): Promise<Record<string, number>> {
  const orgRows = await db.select().from(entities).where(eq(entities.status, "active"));
  const listingRows = await db.select().from(opportunities).where(inArray(opportunities.status, ["active", "pending"]));
  const articleRows = await db.select().from(articles).where(eq(articles.status, "published"));
  const document = {
    format: RING_EXPORT_FORMAT,
    exportedAt: new Date().toISOString(),
    ring: { name: ringConfig().name },
    entities: orgRows.map((e) => ({ id: e.id, name: e.name, type: e.type, shortDescription: e.shortDescription, description: e.description, tags: e.tags, location: e.location, website: e.website, visibility: e.visibility })),
    opportunities: listingRows.map((o) => ({
      id: o.id,
      entityId: o.entityId,
      title: o.title,
      description: o.description,
      type: o.type,
      category: o.category,
      skills: o.skills,
      location: o.location,
      remote: o.remote,
      budgetMin: o.budgetMin,
      budgetMax: o.budgetMax,
      budgetCurrency: o.budgetCurrency,
      visibility: o.visibility,
    })),
    articles: articleRows.map((a) => ({ id: a.id, slug: a.slug, translationOf: a.translationOf, locale: a.locale, title: a.title, excerpt: a.excerpt, body: a.body, tags: a.tags, visibility: a.visibility, aiText: a.aiText })),
  };
  await writeFile(file, JSON.stringify(document, null, 2));
  return { entities: document.entities.length, opportunities: document.opportunities.length, articles: document.articles.length };
}

export async function readRingExport(file: string): Promise<RingExport> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new Error(`${file} is not a JSON file: ${(error as Error).message}`);
  }
  const parsed = RingExport.safeParse(raw);
  if (!parsed.success) throw new Error(`${file} is not a Ringlet ring export:\n${parsed.error.issues.slice(0, 10).map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`);
  return parsed.data;
}

/**
 * Loads an export under one owner account, in one transaction. Listings arrive as `pending` (they go
 * through review and the matcher like any new listing) and articles as `in_review`. Importing the
 * same file again creates nothing twice: organisations match by owner and name, listings by author,
 * organisation and title, articles by address.
 */
export async function importRing(db: Db, data: RingExport, ownerEmail: string) {
  return db.transaction(async (tx) => {
    const [owner] = await tx.select({ id: user.id }).from(user).where(eq(user.email, ownerEmail.toLowerCase()));
    if (!owner) throw new Error(`no account with email ${ownerEmail}: sign up first, then import`);
    const counts = { entities: 0, opportunities: 0, articles: 0, skipped: 0 };
    const entityIds = new Map<string, string>();
    for (const e of data.entities) {
      const [existing] = await tx.select({ id: entities.id }).from(entities).where(and(eq(entities.ownerId, owner.id), eq(entities.name, e.name)));
      if (existing) {
        entityIds.set(e.id, existing.id);
        counts.skipped++;
        continue;
      }
      const { id: _old, ...fields } = e;
      const [row] = await tx.insert(entities).values({ ...fields, ownerId: owner.id }).returning({ id: entities.id });
      entityIds.set(e.id, row.id);
      counts.entities++;
    }
    for (const o of data.opportunities) {
      const entityId = o.entityId ? (entityIds.get(o.entityId) ?? null) : null;
      const [existing] = await tx
        .select({ id: opportunities.id })
        .from(opportunities)
        .where(and(eq(opportunities.authorId, owner.id), eq(opportunities.title, o.title), entityId ? eq(opportunities.entityId, entityId) : undefined));
      if (existing) {
        counts.skipped++;
        continue;
      }
      const { id: _old, entityId: _oldEntity, ...fields } = o;
      await tx.insert(opportunities).values({ ...fields, entityId, authorId: owner.id, skillsNormalized: o.skills.map(normalizeSkill), status: "pending" });
      counts.opportunities++;
    }
    const articleIds = new Map<string, string>();
    for (const a of [...data.articles].sort((x, y) => Number(Boolean(x.translationOf)) - Number(Boolean(y.translationOf)))) {
      const { id: oldId, translationOf, ...fields } = a;
      const inserted = await tx
        .insert(articles)
        .values({ ...fields, authorId: owner.id, status: "in_review", translationOf: translationOf ? (articleIds.get(translationOf) ?? null) : null })
        .onConflictDoNothing()
        .returning({ id: articles.id });
      if (inserted[0]) {
        articleIds.set(oldId, inserted[0].id);
        counts.articles++;
      } else counts.skipped++;
    }
    return counts;
  });
}
