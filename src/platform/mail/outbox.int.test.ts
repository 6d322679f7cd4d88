import { eq } from "drizzle-orm";
import { createTransport } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSmtp, type TestSmtp } from "@/tests/support/smtp";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { logger } from "../log/logger";
import { queueEmail, releaseHeldEmails, sendPendingEmails } from "./outbox";
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
});
