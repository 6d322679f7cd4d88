import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entities } from "@/src/modules/entities/schema";
import { memberProfiles } from "@/src/modules/members/schema";
import { getCart, setCartItem } from "@/src/modules/store/cart";
import { createProduct } from "@/src/modules/store/products";
import { applyToSell, decideVendor } from "@/src/modules/store/vendors";
import { VISITOR, type Actor } from "@/src/platform/auth/roles";
import { saveFile } from "@/src/platform/storage/service";
import { actorOf, createUser, ctxFor, insertEntity } from "@/tests/support/factories";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { readServedFile } from "./file-audiences";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.destroy());

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a0c6c1a40000000049454e44ae426082", "hex");

describe(`files of a hidden organisation (${process.env.RINGLET_TEST_DB})`, () => {
  it("its logo, its products' images and cart lines for its products stop being served; the owner and admins still see them", async () => {
    const owner = await createUser(t.db, "member");
    const admin = await createUser(t.db, "admin");
    const buyer = await createUser(t.db, "member");
    const logo = await saveFile(t.db, owner.id, "logo", PNG, "image/png", "logo.png");
    const image = await saveFile(t.db, owner.id, "product", PNG, "image/png", "mug.png");
    const loose = await saveFile(t.db, owner.id, "logo", PNG, "image/png", "unused.png");
    const org = await insertEntity(t.db, owner.id, { verified: true, logoFileId: logo.id });
    const ownerCtx = ctxFor(t.db, actorOf(owner));
    const applied = await applyToSell(ownerCtx, { entityId: org.id, payoutMethod: "bank", accountHolder: "Test Org LLC", iban: "UA21 3223 1300 0002 6007 2335 6600 1" });
    const vendor = await decideVendor(ctxFor(t.db, actorOf(admin)), applied.id, { decision: "approve" });
    const product = await createProduct(ownerCtx, { vendorId: vendor.id, title: "Mug", priceMinor: 1500, currency: "UAH", stock: 5, imageFileIds: [image.id], status: "active" });
    const buyerCtx = ctxFor(t.db, actorOf(buyer));
    await setCartItem(buyerCtx, { productId: product.id, quantity: 1 });

    const served = (ctx: ReturnType<typeof ctxFor>, id: string) => readServedFile(ctx, id).then((f) => f.cacheable, (e: { code?: string }) => e.code);
    const visitor = ctxFor(t.db, VISITOR);
    expect([await served(visitor, logo.id), await served(visitor, image.id), await served(visitor, loose.id)]).toEqual([false, false, true]);
    expect((await getCart(buyerCtx)).items).toHaveLength(1);

    await t.db.update(entities).set({ status: "hidden" }).where(eq(entities.id, org.id));
    for (const ctx of [visitor, buyerCtx]) expect([await served(ctx, logo.id), await served(ctx, image.id)]).toEqual(["not_found", "not_found"]);
    expect(await served(visitor, loose.id)).toBe(true);
    for (const ctx of [ownerCtx, ctxFor(t.db, actorOf(admin))]) expect([await served(ctx, logo.id), await served(ctx, image.id)]).toEqual([false, false]);
    expect((await getCart(buyerCtx)).items).toEqual([]);

    await t.db.update(entities).set({ status: "active", visibility: "confidential" }).where(eq(entities.id, org.id));
    expect(await served(buyerCtx, logo.id)).toBe("not_found");
    await t.db.update(entities).set({ visibility: "public" }).where(eq(entities.id, org.id));
    await t.db.insert(memberProfiles).values({ userId: buyer.id, blockedEntityIds: [org.id] });
    const blocking: Actor = { kind: "user", userId: buyer.id, role: "member", email: buyer.email, name: buyer.name, blockedEntityIds: [org.id] };
    expect((await getCart(ctxFor(t.db, blocking))).items).toEqual([]);
    expect((await getCart(buyerCtx)).items).toHaveLength(1);
  });
});
