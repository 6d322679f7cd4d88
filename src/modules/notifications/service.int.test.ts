import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VISITOR } from "@/src/platform/auth/roles";
import { actorOf, createUser, ctxFor } from "@/tests/support/factories";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { notificationPreferences } from "./schema";
import { listNotifications, markRead, notify } from "./service";

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
