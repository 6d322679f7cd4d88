import { eq } from "drizzle-orm";
import { createTransport } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSmtp, type TestSmtp } from "@/tests/support/smtp";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { actorOf, createUser, ctxFor } from "@/tests/support/factories";
import { authEmail } from "../auth/emails";
import { logger } from "../log/logger";
import { purgeAuthMail } from "./auth-mail-retention";
import { listOutbox, LOGIN_LINK_PLACEHOLDER, queueEmail, releaseHeldEmails, sendPendingEmails } from "./outbox";
import { outboxEmails } from "./schema";

let t: TestDb;
let smtp: TestSmtp;

beforeAll(async () => {
  t = await createTestDb();
  smtp = await startTestSmtp();
});
afterAll(async () => {
  await smtp.close();
  await t.destroy();
});

const transport = () => createTransport({ host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true });

describe(`mail outbox (${process.env.RINGLET_TEST_DB})`, () => {
  it("without SMTP an email is held, not dropped; with SMTP it is sent and arrives", async () => {
    const id = await queueEmail(t.db, { to: "olena@test.local", subject: "Привіт", text: "Посилання: http://x/y", kind: "magic_link" }, false);
    let [row] = await t.db.select().from(outboxEmails).where(eq(outboxEmails.id, id));
    expect(row.status).toBe("held");

    await releaseHeldEmails(t.db);
    const sent = await sendPendingEmails(t.db, transport(), "Ringlet <no-reply@test.local>", logger());
    expect(sent).toBe(1);
    [row] = await t.db.select().from(outboxEmails).where(eq(outboxEmails.id, id));
    expect(row.status).toBe("sent");
    const mail = smtp.received.find((m) => m.to.includes("olena@test.local"));
    expect(mail?.from).toBe("no-reply@test.local");
    expect(mail?.data).toContain("Subject: =?UTF-8?");
  });

  it("a refused send is retried later and not sent twice", async () => {
    const id = await queueEmail(t.db, { to: "retry@test.local", subject: "Retry", text: "body", kind: "notification" }, true);
    let clock = new Date(Date.now() + 1000);
    smtp.failNext(1);
    await sendPendingEmails(t.db, transport(), "no-reply@test.local", logger(), () => clock);
    let [row] = await t.db.select().from(outboxEmails).where(eq(outboxEmails.id, id));
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row.lastError).toContain("try later");
    clock = new Date(clock.getTime() + 10_000);
    await sendPendingEmails(t.db, transport(), "no-reply@test.local", logger(), () => clock);
    await sendPendingEmails(t.db, transport(), "no-reply@test.local", logger(), () => clock);
    [row] = await t.db.select().from(outboxEmails).where(eq(outboxEmails.id, id));
    expect(row.status).toBe("sent");
    expect(smtp.received.filter((m) => m.to.includes("retry@test.local"))).toHaveLength(1);
  });

  it("a mail with its own sender and SMTP goes out through that server even when the ring has none; a missing variable is retried, not dropped", async () => {
    const name = "EMAIL_CHANNEL_OUTBOX_TEST_SMTP";
    const id = await queueEmail(t.db, { to: "client@test.local", subject: "Re: Help", text: "Answer", kind: "email_reply", from: "Support <support@test.local>", smtpUrlEnv: name }, false);
    let [row] = await t.db.select().from(outboxEmails).where(eq(outboxEmails.id, id));
    expect(row).toMatchObject({ status: "pending", fromAddress: "Support <support@test.local>", smtpUrlEnv: name });
    const clock = new Date(Date.now() + 1000);
    await sendPendingEmails(t.db, null, "no-reply@test.local", logger(), () => clock);
    [row] = await t.db.select().from(outboxEmails).where(eq(outboxEmails.id, id));
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastError: `${name} is not set in the environment` });
    process.env[name] = `smtp://127.0.0.1:${smtp.port}/?ignoreTLS=true`;
    try {
      await sendPendingEmails(t.db, null, "no-reply@test.local", logger(), () => new Date(clock.getTime() + 10_000));
    } finally {
      delete process.env[name];
    }
    [row] = await t.db.select().from(outboxEmails).where(eq(outboxEmails.id, id));
    expect(row.status).toBe("sent");
    expect(smtp.received.find((m) => m.to.includes("client@test.local"))?.from).toBe("support@test.local");
  });

  it("a login link is stored sealed, shown to no reader (admins included) and delivered in clear", async () => {
    const url = "http://ring.test/api/auth/magic-link/verify/tok-9f8e7d6c5b4a";
    const id = await queueEmail(t.db, { to: "sealed@test.local", kind: "magic_link", ...authEmail("magic_link"), loginLink: { url, expiresAt: new Date(Date.now() + 900_000) } }, true);
    const [stored] = await t.db.select().from(outboxEmails).where(eq(outboxEmails.id, id));
    expect(JSON.stringify(stored)).not.toContain("tok-9f8e7d6c5b4a");
    expect(stored.text).toContain(LOGIN_LINK_PLACEHOLDER);
    expect(stored.sealedLink).toMatch(/^v1\./);

    const admin = await createUser(t.db, "admin");
    const { items } = await listOutbox(ctxFor(t.db, actorOf(admin)), { to: "sealed@test.local" });
    expect(items).toHaveLength(1);
    expect(items[0]).not.toHaveProperty("sealedLink");
    expect(JSON.stringify(items)).not.toContain("tok-9f8e7d6c5b4a");

    await sendPendingEmails(t.db, transport(), "no-reply@test.local", logger(), () => new Date(Date.now() + 1000));
    const delivered = smtp.received.find((m) => m.to.includes("sealed@test.local"));
    expect(delivered?.data).toContain("tok-9f8e7d6c5b4a");
    expect(delivered?.data).not.toContain(LOGIN_LINK_PLACEHOLDER);
    const [after] = await t.db.select().from(outboxEmails).where(eq(outboxEmails.id, id));
    expect(after).toMatchObject({ status: "sent", sealedLink: null });
  });

  it("refuses to store a login link in the clear", async () => {
    const url = "http://ring.test/reset/tok-clear";
    await expect(queueEmail(t.db, { to: "clear@test.local", kind: "password_reset", subject: "Reset", text: `Open ${url}`, loginLink: { url, expiresAt: new Date() } }, true)).rejects.toThrow();
  });

  it("sent auth mail goes after AUTH_MAIL_RETENTION_HOURS, unsent auth mail once its link is dead; other mail stays", async () => {
    const now = new Date(Date.now() + 60_000);
    const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
    const mail = (to: string, kind: string, extra: Partial<typeof outboxEmails.$inferInsert>) => ({ to, kind, subject: "s", text: "t", ...extra });
    await t.db.insert(outboxEmails).values([
      mail("old-sent@retention.test", "magic_link", { status: "sent", sentAt: hoursAgo(25) }),
      mail("new-sent@retention.test", "password_reset", { status: "sent", sentAt: hoursAgo(23) }),
      mail("old-attempt@retention.test", "sign_up_attempt", { status: "sent", sentAt: hoursAgo(30) }),
      mail("old-note@retention.test", "notification", { status: "sent", sentAt: hoursAgo(500) }),
      mail("dead-link@retention.test", "email_verification", { status: "held", linkExpiresAt: hoursAgo(1) }),
      mail("live-link@retention.test", "email_verification", { status: "pending", linkExpiresAt: new Date(now.getTime() + 3_600_000) }),
    ]);
    expect(await purgeAuthMail(t.db, now)).toEqual({ sent: 2, expired: 1 });
    const left = (await t.db.select({ to: outboxEmails.to }).from(outboxEmails)).map((r) => r.to).filter((to) => to.endsWith("@retention.test"));
    expect(left.sort()).toEqual(["live-link@retention.test", "new-sent@retention.test", "old-note@retention.test"]);
    expect(await purgeAuthMail(t.db, now)).toEqual({ sent: 0, expired: 0 });
  });
});
