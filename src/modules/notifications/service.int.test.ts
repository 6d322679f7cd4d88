import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { VISITOR } from "@/src/platform/auth/roles";
import { entities } from "@/src/modules/entities/schema";
import { opportunities } from "@/src/modules/opportunities/schema";
import { actorOf, createUser, ctxFor, insertEntity, insertOpportunity } from "@/tests/support/factories";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { memberProfiles } from "@/src/modules/members/schema";
import { notificationPreferences } from "./schema";
import { listNotifications, markRead, notify, unreadCount, unreadCounts } from "./service";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.destroy());

const base = { type: "application_received" as const, link: "/x", data: { title: "Logo", applicant: "Iryna" } };

describe(`notifications (${process.env.RINGLET_TEST_DB})`, () => {
  it("the same fact delivered twice makes one notification", async () => {
    const u = await createUser(t.db);
    expect(await notify(t.db, { ...base, userId: u.id, dedupeKey: "event:1" })).toBe(true);
    expect(await notify(t.db, { ...base, userId: u.id, dedupeKey: "event:1" })).toBe(false);
    const list = await listNotifications(ctxFor(t.db, actorOf(u)), {});
    expect(list.items).toHaveLength(1);
    expect(list.unreadCount).toBe(1);
  });

  it("renders in the reader's language from the stored facts", async () => {
    const u = await createUser(t.db);
    await notify(t.db, { ...base, userId: u.id, dedupeKey: "k" });
    expect((await listNotifications(ctxFor(t.db, actorOf(u)), {}, "en")).items[0].title).toBe("New application: Logo");
    expect((await listNotifications(ctxFor(t.db, actorOf(u)), {}, "uk")).items[0].title).toBe("Нова заявка: Logo");
  });

  it("a type turned off in preferences is not delivered", async () => {
    const u = await createUser(t.db);
    await t.db.insert(notificationPreferences).values({ userId: u.id, type: "application_received", inApp: false });
    expect(await notify(t.db, { ...base, userId: u.id, dedupeKey: "off" })).toBe(false);
  });

  it("marking read touches only the caller's notifications; all:true clears the unread count", async () => {
    const a = await createUser(t.db);
    const b = await createUser(t.db);
    await notify(t.db, { ...base, userId: a.id, dedupeKey: "1" });
    await notify(t.db, { ...base, userId: a.id, dedupeKey: "2" });
    await notify(t.db, { ...base, userId: b.id, dedupeKey: "1" });
    const bList = await listNotifications(ctxFor(t.db, actorOf(b)), {});
    await markRead(ctxFor(t.db, actorOf(a)), { ids: [bList.items[0].id] });
    expect((await listNotifications(ctxFor(t.db, actorOf(b)), {})).unreadCount).toBe(1);
    const aList = await listNotifications(ctxFor(t.db, actorOf(a)), {});
    await markRead(ctxFor(t.db, actorOf(a)), { ids: [aList.items[0].id] });
    expect((await listNotifications(ctxFor(t.db, actorOf(a)), { unread: "true" })).items).toHaveLength(1);
    await markRead(ctxFor(t.db, actorOf(a)), { all: true });
    expect((await listNotifications(ctxFor(t.db, actorOf(a)), {})).unreadCount).toBe(0);
  });

  it("visitors have no notifications", async () => {
    await expect(listNotifications(ctxFor(t.db, VISITOR), {})).rejects.toMatchObject({ code: "unauthenticated" });
  });
});

describe(`notifications follow visibility (${process.env.RINGLET_TEST_DB})`, () => {
  const about = (userId: string, link: string, dedupeKey: string) => notify(t.db, { userId, type: "opportunity_approved", link, data: { title: "Kyiv design sprint", note: "", opportunityId: "" }, dedupeKey });
  const seen = async (actor: ReturnType<typeof actorOf>) => {
    const list = await listNotifications(ctxFor(t.db, actor), {});
    expect(list.unreadCount).toBe(await unreadCount(t.db, actor));
    return { links: list.items.map((i) => i.link).sort(), unread: list.unreadCount };
  };

  it("leave the list and the count when their listing or organisation is hidden, withdrawn, made confidential or blocked", async () => {
    const owner = await createUser(t.db, "member");
    const reader = await createUser(t.db, "member");
    const org = await insertEntity(t.db, owner.id);
    const listing = await insertOpportunity(t.db, owner.id, { visibility: "member" });
    const orgListing = await insertOpportunity(t.db, owner.id, { entityId: org.id });
    const links = [`/opportunities/${listing.id}`, `/opportunities/${orgListing.id}/applications`, `/entities/${org.id}`, "/store/sell"];
    for (const [n, link] of links.entries()) expect(await about(reader.id, link, `v${n}`)).toBe(true);
    expect(await seen(actorOf(reader))).toEqual({ links: [...links].sort(), unread: 4 });

    await t.db.update(opportunities).set({ visibility: "confidential" }).where(eq(opportunities.id, listing.id));
    expect((await seen(actorOf(reader))).unread).toBe(3);
    const blocking = { ...actorOf(reader), blockedEntityIds: [org.id] };
    expect(await seen(blocking)).toEqual({ links: ["/store/sell"], unread: 1 });
    await t.db.update(entities).set({ status: "hidden" }).where(eq(entities.id, org.id));
    expect(await seen(actorOf(reader))).toEqual({ links: ["/store/sell"], unread: 1 });
    expect((await unreadCounts(t.db, [reader.id])).get(reader.id)).toBe(1);
    expect((await seen(actorOf(owner))).unread).toBe(0);

    await t.db.update(entities).set({ status: "active" }).where(eq(entities.id, org.id));
    await t.db.update(opportunities).set({ status: "closed" }).where(eq(opportunities.id, orgListing.id));
    expect((await seen(actorOf(reader))).links).toEqual([`/entities/${org.id}`, "/store/sell"]);
  });

  it("are not sent to a recipient who may no longer see the subject or blocked its organisation", async () => {
    const owner = await createUser(t.db, "member");
    const subscriber = await createUser(t.db, "subscriber");
    const blocker = await createUser(t.db, "member");
    const org = await insertEntity(t.db, owner.id);
    await t.db.insert(memberProfiles).values({ userId: blocker.id, blockedEntityIds: [org.id] });
    const membersOnly = await insertOpportunity(t.db, owner.id, { visibility: "member" });
    const closed = await insertOpportunity(t.db, owner.id, { status: "closed" });
    const orgListing = await insertOpportunity(t.db, owner.id, { entityId: org.id });
    expect(await about(subscriber.id, `/opportunities/${membersOnly.id}`, "s1")).toBe(false);
    expect(await about(blocker.id, `/opportunities/${closed.id}`, "s2")).toBe(false);
    expect(await about(blocker.id, `/opportunities/${orgListing.id}`, "s3")).toBe(false);
    expect(await about(blocker.id, `/entities/${org.id}`, "s4")).toBe(false);
    expect(await about(owner.id, `/opportunities/${closed.id}`, "s5")).toBe(true);
    expect(await about(blocker.id, `/opportunities/${membersOnly.id}`, "s6")).toBe(true);
  });
});

describe(`notification emails (${process.env.RINGLET_TEST_DB})`, () => {
  it("types that email by default queue a bilingual email with a signed unsubscribe link; the link turns email off", async () => {
    const { outboxEmails } = await import("@/src/platform/mail/schema");
    const { eq } = await import("drizzle-orm");
    const { unsubscribeByLink } = await import("./service");
    const u = await createUser(t.db);
    await notify(t.db, { ...base, userId: u.id, dedupeKey: "mail-1" });
    const [mail] = await t.db.select().from(outboxEmails).where(eq(outboxEmails.to, u.email));
    expect(mail.subject).toBe("New application: Logo");
    expect(mail.text).toContain("Нова заявка: Logo");
    const link = new URL(/https?:\/\/\S+\/unsubscribe\?\S+/.exec(mail.text)![0]);
    const [uid, type, sig] = ["u", "t", "s"].map((k) => link.searchParams.get(k)!);
    expect(await unsubscribeByLink(t.db, uid, type, `${sig}x`)).toBe(false);
    expect(await unsubscribeByLink(t.db, uid, type, sig)).toBe(true);
    await notify(t.db, { ...base, userId: u.id, dedupeKey: "mail-2" });
    expect(await t.db.select().from(outboxEmails).where(eq(outboxEmails.to, u.email))).toHaveLength(1);
  });

  it("a repeated fact is not emailed twice, and in-app-only types send no email", async () => {
    const { outboxEmails } = await import("@/src/platform/mail/schema");
    const { eq } = await import("drizzle-orm");
    const u = await createUser(t.db);
    await notify(t.db, { ...base, userId: u.id, dedupeKey: "same" });
    await notify(t.db, { ...base, userId: u.id, dedupeKey: "same" });
    await notify(t.db, { type: "opportunity_matched", userId: u.id, link: "/x", data: { title: "T", explanation: "E" }, dedupeKey: "m" });
    expect(await t.db.select().from(outboxEmails).where(eq(outboxEmails.to, u.email))).toHaveLength(1);
  });
});
