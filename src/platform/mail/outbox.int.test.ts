import { eq } from "drizzle-orm";
import { createTransport } from "nodemailer";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { logger } from "../log/logger";
import { queueEmail, releaseHeldEmails, sendPendingEmails } from "./outbox";
import { outboxEmails } from "./schema";

let t: TestDb;
let smtp: SMTPServer;
let port = 0;
const received: { from: string; to: string[]; data: string }[] = [];
let failNext = 0;

beforeAll(async () => {
  t = await createTestDb();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let data = "";
      stream.on("data", (c) => (data += c));
      stream.on("end", () => {
        if (failNext > 0) {
          failNext--;
          return callback(new Error("451 try later"));
        }
        received.push({ from: session.envelope.mailFrom ? (session.envelope.mailFrom as { address: string }).address : "", to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  port = (smtp.server.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await t.destroy();
});

const transport = () => createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });

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
    const mail = received.find((m) => m.to.includes("olena@test.local"));
    expect(mail?.from).toBe("no-reply@test.local");
    expect(mail?.data).toContain("Subject: =?UTF-8?");
  });

  it("a refused send is retried later and not sent twice", async () => {
    const id = await queueEmail(t.db, { to: "retry@test.local", subject: "Retry", text: "body", kind: "notification" }, true);
    let clock = new Date(Date.now() + 1000);
    failNext = 1;
    await sendPendingEmails(t.db, transport(), "no-reply@test.local", logger(), () => clock);
    let [row] = await t.db.select().from(outboxEmails).where(eq(outboxEmails.id, id));
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row.lastError).toContain("try later");
    clock = new Date(clock.getTime() + 10_000);
    await sendPendingEmails(t.db, transport(), "no-reply@test.local", logger(), () => clock);
    await sendPendingEmails(t.db, transport(), "no-reply@test.local", logger(), () => clock);
    [row] = await t.db.select().from(outboxEmails).where(eq(outboxEmails.id, id));
    expect(row.status).toBe("sent");
    expect(received.filter((m) => m.to.includes("retry@test.local"))).toHaveLength(1);
  });
});
