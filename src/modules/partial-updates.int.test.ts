import { eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { createEntity, updateEntity } from "@/src/modules/entities/service";
import { UpdateEntityInput } from "@/src/modules/entities/inputs";
import { entities } from "@/src/modules/entities/schema";
import { UpdateChannelInput, createChannel, updateChannel } from "@/src/modules/email/channels";
import { UpdateKnowledgeInput, addKnowledge, updateKnowledge } from "@/src/modules/email/ai-drafts";
import { emailChannels, emailKnowledge } from "@/src/modules/email/schema";
import { UpdateProfileInput } from "@/src/modules/members/inputs";
import { memberProfiles } from "@/src/modules/members/schema";
import { updateProfile } from "@/src/modules/members/service";
import { articles } from "@/src/modules/newsroom/schema";
import { UpdateArticleInput, updateArticle } from "@/src/modules/newsroom/service";
import { getPreferences, setPreferences } from "@/src/modules/notifications/service";
import { NOTIFICATION_TYPES } from "@/src/modules/notifications/types";
import { UpdateOpportunityInput } from "@/src/modules/opportunities/inputs";
import { opportunities } from "@/src/modules/opportunities/schema";
import { createOpportunity, updateOpportunity } from "@/src/modules/opportunities/service";
import { UpdateProductInput, createProduct, updateProduct } from "@/src/modules/store/products";
import { storeProducts } from "@/src/modules/store/schema";
import { applyToSell, decideVendor } from "@/src/modules/store/vendors";
import type { Ctx } from "@/src/platform/context";
import { patchAdminSettings } from "@/src/platform/settings/service";
import { resolveSettings } from "@/src/platform/settings/resolve";
import { files } from "@/src/platform/storage/schema";
import { fileUrl } from "@/src/platform/storage/service";
import { actorOf, createUser, ctxFor, insertEntity } from "@/tests/support/factories";
import { createTestDb, type TestDb } from "@/tests/support/test-db";

/**
 * Partial updates change only what is sent (issue 19), for every PATCH/PUT use case, driven by its
 * update schema: a row is made with a non-default value in every field, a random subset of the
 * fields is sent with other values, and afterwards exactly the sent fields hold the new values —
 * visibility above all. `values` must name every field of the schema (the type and the first
 * assertion insist), so a field added to a schema is covered the day it is added.
 */
type Before = unknown;
interface UpdateCase<S extends z.ZodObject> {
  schema: S;
  /** Per field: the value the row starts with, and the one an update sends. */
  values: { [K in keyof S["shape"]]-?: readonly [Before, z.input<S>[K]] };
  /** A fresh row holding every first value; answers its id. */
  create(before: Record<string, unknown>): Promise<string>;
  update(id: string, sent: Record<string, unknown>): Promise<unknown>;
  /** The row's value of each field, in the shape `values` uses. */
  read(id: string): Promise<Record<string, unknown>>;
}

const RUNS = 12;

async function onlySentFieldsChange<S extends z.ZodObject>(c: UpdateCase<S>) {
  const fields = Object.keys(c.schema.shape);
  const values = c.values as Record<string, readonly [unknown, unknown]>;
  expect(Object.keys(values).sort()).toEqual([...fields].sort());
  await fc.assert(
    fc.asyncProperty(fc.subarray(fields), async (sent) => {
      const id = await c.create(Object.fromEntries(fields.map((f) => [f, values[f][0]])));
      await c.update(id, Object.fromEntries(sent.map((f) => [f, values[f][1]])));
      const now = await c.read(id);
      for (const field of fields) expect(now[field], `${field} after sending [${sent}]`).toEqual(values[field][sent.includes(field) ? 1 : 0]);
    }),
    { numRuns: RUNS },
  );
}

const pick = (row: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, row[k]]));

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.destroy());

async function uploaded(ownerId: string, purpose: string, contentType = "image/png") {
  const [row] = await t.db.insert(files).values({ ownerId, purpose, contentType, size: 10, sha256: crypto.randomUUID(), public: true }).returning();
  return row.id;
}

describe(`partial updates change only what is sent (${process.env.RINGLET_TEST_DB})`, () => {
  it("PATCH /entities/:id", async () => {
    const owner = await createUser(t.db, "confidential");
    const ctx = ctxFor(t.db, actorOf(owner));
    const schema = UpdateEntityInput.omit({ id: true });
    await onlySentFieldsChange({
      schema,
      values: {
        name: ["Kyiv Labs", "Lviv Labs"],
        type: ["technology_software", "financial_services"],
        shortDescription: ["Quiet research", "Loud research"],
        description: ["Research on quiet things", "Research on loud things"],
        tags: [["ai", "robots"], ["farming"]],
        location: ["Kyiv", "Lviv"],
        website: ["https://kyiv.example/", "https://lviv.example/"],
        contactEmail: ["desk@kyiv.example", "desk@lviv.example"],
        visibility: ["confidential", "member"],
        logoFileId: [await uploaded(owner.id, "logo"), await uploaded(owner.id, "logo")],
      },
      create: async (before) => (await createEntity(ctx, before as z.input<typeof schema> & { name: string; type: "other"; description: string })).id,
      update: (id, sent) => updateEntity(ctx, { id, ...sent }),
      read: async (id) => pick((await t.db.select().from(entities).where(eq(entities.id, id)))[0], Object.keys(schema.shape)),
    });
  });

  it("PATCH /opportunities/:id", async () => {
    const author = await createUser(t.db, "confidential");
    const ctx = ctxFor(t.db, actorOf(author));
    const [orgA, orgB] = [await insertEntity(t.db, author.id), await insertEntity(t.db, author.id)];
    const schema = UpdateOpportunityInput.omit({ id: true });
    await onlySentFieldsChange({
      schema,
      values: {
        title: ["Need a React developer", "Need a Vue developer"],
        description: ["Build a booking page for our studio", "Build a shop for our bakery"],
        type: ["job", "offer"],
        category: ["technology", "business"],
        skills: [["React", "CSS"], ["Vue"]],
        location: ["Kyiv", "Lviv"],
        remote: [true, false],
        budget: [
          { min: 100, max: 200, currency: "USD" },
          { min: 5, max: null, currency: "UAH" },
        ],
        expiresAt: ["2030-01-01T00:00:00.000Z", "2031-06-01T00:00:00.000Z"],
        visibility: ["confidential", "member"],
        entityId: [orgA.id, orgB.id],
      },
      create: async (before) => (await createOpportunity(ctx, { ...(before as Parameters<typeof createOpportunity>[1]), submit: false })).id,
      update: (id, sent) => updateOpportunity(ctx, { id, ...sent }),
      read: async (id) => {
        const [row] = await t.db.select().from(opportunities).where(eq(opportunities.id, id));
        return {
          ...pick(row, ["title", "description", "type", "category", "skills", "location", "remote", "visibility", "entityId"]),
          budget: row.budgetCurrency ? { min: row.budgetMin, max: row.budgetMax, currency: row.budgetCurrency } : null,
          expiresAt: row.expiresAt?.toISOString() ?? null,
        };
      },
    });
  });

  it("PATCH /store/products/:id", async () => {
    const owner = await createUser(t.db, "member");
    const admin = await createUser(t.db, "admin");
    const ctx = ctxFor(t.db, actorOf(owner));
    const org = await insertEntity(t.db, owner.id, { verified: true });
    const applied = await applyToSell(ctx, { entityId: org.id, payoutMethod: "credits" });
    const vendor = await decideVendor(ctxFor(t.db, actorOf(admin)), applied.id, { decision: "approve", tier: "standard" });
    const schema = UpdateProductInput;
    await onlySentFieldsChange({
      schema,
      values: {
        title: ["Mug", "Cup"],
        titleUk: ["Кухоль", "Чашка"],
        description: ["A blue mug", "A red cup"],
        descriptionUk: ["Синій кухоль", "Червона чашка"],
        imageFileIds: [[await uploaded(owner.id, "product")], [await uploaded(owner.id, "product")]],
        priceMinor: [1500, 900],
        currency: ["UAH", "EUR"],
        sku: ["MUG-1", "CUP-1"],
        stockTracked: [false, true],
        stock: [5, 7],
        status: ["active", "archived"],
      },
      create: async (before) => {
        // The SKU is unique per vendor: the previous run's product makes way.
        await t.db.delete(storeProducts).where(eq(storeProducts.vendorId, vendor.id));
        return (await createProduct(ctx, { ...(before as Parameters<typeof createProduct>[1]), vendorId: vendor.id })).id;
      },
      update: (id, sent) => updateProduct(ctx, id, sent),
      read: async (id) => pick((await t.db.select().from(storeProducts).where(eq(storeProducts.id, id)))[0], Object.keys(schema.shape)),
    });
  });

  it("PUT /me/profile", async () => {
    const members = new Map<string, Ctx>();
    const schema = UpdateProfileInput;
    await onlySentFieldsChange({
      schema,
      values: {
        headline: ["Engineer", "Designer"],
        bio: ["Builds bridges", "Draws maps"],
        skills: [["Go", "Rust"], ["Figma"]],
        categories: [["technology"], ["business", "finance"]],
        location: ["Kyiv", "Lviv"],
        remote: [true, false],
        languages: [["uk", "en"], ["pl"]],
        notifyOnMatch: [false, true],
      },
      create: async (before) => {
        const member = await createUser(t.db);
        members.set(member.id, ctxFor(t.db, actorOf(member)));
        await updateProfile(members.get(member.id)!, before);
        return member.id;
      },
      update: (id, sent) => updateProfile(members.get(id)!, sent),
      read: async (id) => pick((await t.db.select().from(memberProfiles).where(eq(memberProfiles.userId, id)))[0], Object.keys(schema.shape)),
    });
  });

  it("PATCH /admin/news/:id", async () => {
    const editor = await createUser(t.db, "admin");
    const ctx = ctxFor(t.db, actorOf(editor));
    const images = [await uploaded(editor.id, "article"), await uploaded(editor.id, "article")];
    const schema = UpdateArticleInput;
    await onlySentFieldsChange({
      schema,
      values: {
        title: ["Ring news", "Ring weekly"],
        excerpt: ["Short", "Shorter"],
        body: ["Body one", "Body two"],
        tags: [["kyiv", "ai"], ["lviv"]],
        visibility: ["confidential", "member"],
        featuredImageUrl: [fileUrl(images[0]), fileUrl(images[1])],
        aiText: [true, false],
      },
      create: async (before) => {
        const featuredFileId = String(before.featuredImageUrl).split("/").at(-1);
        const [row] = await t.db
          .insert(articles)
          .values({ ...(before as typeof articles.$inferInsert), slug: crypto.randomUUID(), locale: "en", authorId: editor.id, featuredFileId })
          .returning();
        return row.id;
      },
      update: (id, sent) => updateArticle(ctx, id, sent),
      read: async (id) => {
        const [row] = await t.db.select().from(articles).where(eq(articles.id, id));
        return { ...pick(row, ["title", "excerpt", "body", "tags", "visibility", "aiText"]), featuredImageUrl: row.featuredFileId ? fileUrl(row.featuredFileId) : null };
      },
    });
  });

  it("PUT /admin/email/channels/:id", async () => {
    const ctx = ctxFor(t.db, actorOf(await createUser(t.db, "admin")));
    const schema = UpdateChannelInput;
    await onlySentFieldsChange({
      schema,
      values: {
        // The name is fixed once made: sending it again is allowed and changes nothing.
        name: ["support-desk", "support-desk"],
        flow: ["tasks_only", "ingest_only"],
        host: ["imap.kyiv.example", "imap.lviv.example"],
        port: [143, 1143],
        secure: [false, true],
        username: ["desk@kyiv.example", "desk@lviv.example"],
        passwordEnv: ["EMAIL_CHANNEL_DESK_PASSWORD", "EMAIL_CHANNEL_OTHER_PASSWORD"],
        mailbox: ["Support", "Help"],
        replyFrom: ["desk@kyiv.example", "help@lviv.example"],
        smtpUrlEnv: ["EMAIL_CHANNEL_DESK_SMTP", "EMAIL_CHANNEL_OTHER_SMTP"],
        enabled: [false, true],
      },
      create: async (before) => {
        await t.db.delete(emailChannels);
        return (await createChannel(ctx, before as Parameters<typeof createChannel>[1])).id;
      },
      update: (id, sent) => updateChannel(ctx, id, sent),
      read: async (id) => pick((await t.db.select().from(emailChannels).where(eq(emailChannels.id, id)))[0], Object.keys(schema.shape)),
    });
  });

  it("PUT /admin/email/knowledge/:id", async () => {
    const ctx = ctxFor(t.db, actorOf(await createUser(t.db, "admin")));
    const schema = UpdateKnowledgeInput;
    await onlySentFieldsChange({
      schema,
      values: { title: ["Opening hours", "Prices"], body: ["Weekdays 10-19", "From 100 UAH an hour"] },
      create: async (before) => (await addKnowledge(ctx, before as { title: string; body: string })).id,
      update: (id, sent) => updateKnowledge(ctx, id, sent),
      read: async (id) => pick((await t.db.select().from(emailKnowledge).where(eq(emailKnowledge.id, id)))[0], Object.keys(schema.shape)),
    });
  });

  it("PUT /me/notification-preferences: the types sent change, the others keep their channels", async () => {
    await fc.assert(
      fc.asyncProperty(fc.subarray([...NOTIFICATION_TYPES], { minLength: 1 }), async (sent) => {
        const ctx = ctxFor(t.db, actorOf(await createUser(t.db)));
        const before = NOTIFICATION_TYPES.map((type, i) => ({ type, inApp: i % 2 === 0, email: i % 3 === 0 }));
        await setPreferences(ctx, { items: before });
        await setPreferences(ctx, { items: before.filter((p) => sent.includes(p.type)).map((p) => ({ ...p, inApp: !p.inApp, email: !p.email })) });
        const { items } = await getPreferences(ctx);
        for (const p of before) expect(items.find((i) => i.type === p.type), p.type).toEqual(sent.includes(p.type) ? { ...p, inApp: !p.inApp, email: !p.email } : p);
      }),
      { numRuns: RUNS },
    );
  });

  it("PATCH /admin/settings: the names sent change, the others keep their values", async () => {
    const ctx = ctxFor(t.db, actorOf(await createUser(t.db, "admin")));
    const values = { MATCHER_AUTO_APPROVE: [true, false], MATCHER_SCORE_THRESHOLD: [75, 40], MATCHER_RERANK_TOP_K: [5, 9], LLM_PROVIDER: ["xai", "anthropic"] } as const;
    const names = Object.keys(values) as (keyof typeof values)[];
    await fc.assert(
      // An empty PATCH is refused as such (400 "Nothing to change").
      fc.asyncProperty(fc.subarray(names, { minLength: 1 }), async (sent) => {
        await patchAdminSettings(ctx, Object.fromEntries(names.map((n) => [n, values[n][0]])));
        await patchAdminSettings(ctx, Object.fromEntries(sent.map((n) => [n, values[n][1]])));
        const settings = await resolveSettings(t.db);
        for (const name of names) expect(settings[name].value, name).toEqual(values[name][sent.includes(name) ? 1 : 0]);
      }),
      { numRuns: RUNS },
    );
  });
});
