import { eq, sql } from "drizzle-orm";
import { existsSync } from "node:fs";
import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logger } from "@/src/platform/log/logger";
import { metrics } from "@/src/platform/metrics/metrics";
import { DOVECOT, startDovecot, type TestDovecot } from "@/tests/support/dovecot";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { readEnv } from "@/src/platform/config/env";
import type { Ctx } from "@/src/platform/context";
import { actorOf, createUser, ctxFor } from "@/tests/support/factories";
import { createChannel, deleteChannel, listChannels, pollAllChannels, testChannel, updateChannel } from "./channels";
import { INGEST_ATTEMPTS, pollMailbox, type ImapChannel } from "./imap";
import { emailChannels, emailMailboxState, emailMessages, emailQuarantine, emailThreads } from "./schema";

// Dovecot comes from Debian's dovecot-imapd, which .ci/run installs; a machine without it cannot run these.
describe.runIf(existsSync(DOVECOT))(`IMAP polling against Dovecot (${process.env.RINGLET_TEST_DB})`, () => {
  let t: TestDb;
  let dovecot: TestDovecot;
  let channel: ImapChannel;
  const log = logger();

  beforeAll(async () => {
    t = await createTestDb();
    dovecot = await startDovecot();
    channel = { channel: "support", flow: "standard", mailbox: "INBOX", host: dovecot.host, port: dovecot.port, secure: false, user: dovecot.user, password: dovecot.password };
  });
  afterAll(async () => {
    await dovecot?.stop();
    await t?.destroy();
  });

  async function withImap<T>(work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const client = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout();
    }
  }

  const message = (id: string, subject: string, body: string, extra = "") =>
    [`From: Олена Коваль <olena@coop.example>`, `To: support@ring.example.org`, `Subject: ${subject}`, `Message-ID: <${id}@coop.example>`, `Date: Thu, 26 Nov 2026 10:00:00 +0000`, `Content-Type: text/plain; charset=utf-8`, ...(extra ? [extra] : []), "", body, ""].join("\r\n");

  it("reads new mail once, in UID order, threads replies, and goes on where it stopped", async () => {
    await withImap(async (c) => {
      await c.append("INBOX", message("m1", "Питання про членство", "Скільки коштує членство для громадської організації?"));
      await c.append("INBOX", message("m2", "Re: Питання про членство", "І ще: чи є знижки?", "In-Reply-To: <m1@coop.example>"));
    });
    const before = (await metrics().emailMessages.get()).values.find((v) => v.labels.outcome === "stored" && v.labels.channel === "support")?.value ?? 0;
    const first = await pollMailbox(t.db, channel, log);
    expect(first).toMatchObject({ fetched: 2, stored: 2, duplicate: 0, quarantined: 0, uidValidityReset: false });
    const threads = await t.db.select().from(emailThreads).where(eq(emailThreads.channel, "support"));
    expect(threads).toHaveLength(1);
    const after = (await metrics().emailMessages.get()).values.find((v) => v.labels.outcome === "stored" && v.labels.channel === "support")?.value ?? 0;
    expect(after - before).toBe(2);

    expect(await pollMailbox(t.db, channel, log)).toMatchObject({ fetched: 0, stored: 0 });
    await withImap((c) => c.append("INBOX", message("m3", "Volunteering", "How do my students find volunteering?")));
    expect(await pollMailbox(t.db, channel, log)).toMatchObject({ fetched: 1, stored: 1 });
    const [state] = await t.db.select().from(emailMailboxState).where(eq(emailMailboxState.channel, "support"));
    expect(state).toMatchObject({ lastUid: 3, consecutiveFailures: 0, lastError: null });
  });

  it("quarantines a message without a sender and passes over it; nothing is ingested twice after a UIDVALIDITY change", async () => {
    await withImap((c) => c.append("INBOX", "To: support@ring.example.org\r\nSubject: Nobody sent this\r\n\r\nNo From header at all\r\n"));
    const polled = await pollMailbox(t.db, channel, log);
    expect(polled).toMatchObject({ fetched: 1, quarantined: 1, stored: 0 });
    const [held] = await t.db.select().from(emailQuarantine).where(eq(emailQuarantine.channel, "support"));
    expect(held).toMatchObject({ uid: 4, error: "the message has no sender address" });
    expect(held.raw).toContain("Nobody sent this");

    // The server renumbered the mailbox: everything is read again, and the ingest recognises it all.
    await t.db.update(emailMailboxState).set({ uidValidity: 1 }).where(eq(emailMailboxState.channel, "support"));
    const again = await pollMailbox(t.db, channel, log);
    expect(again).toMatchObject({ uidValidityReset: true, fetched: 4, stored: 0, duplicate: 3, quarantined: 1 });
    expect(await t.db.select().from(emailMessages).where(eq(emailMessages.channel, "support"))).toHaveLength(3);
    expect(await t.db.select().from(emailQuarantine)).toHaveLength(1);
  });

  it("a wrong password is recorded on the mailbox's state and counted, and changes nothing else", async () => {
    await expect(pollMailbox(t.db, { ...channel, password: "wrong" }, log)).rejects.toThrow();
    const [state] = await t.db.select().from(emailMailboxState).where(eq(emailMailboxState.channel, "support"));
    expect(state.consecutiveFailures).toBe(1);
    expect(state.lastError).toBeTruthy();
    expect(state.lastUid).toBe(4);
    await pollMailbox(t.db, channel, log);
    const [healed] = await t.db.select().from(emailMailboxState).where(eq(emailMailboxState.channel, "support"));
    expect(healed).toMatchObject({ consecutiveFailures: 0, lastError: null });
  });

  it("a readable message that cannot be stored is retried by the next polls (the count is stored), then quarantined; nothing is lost when storage recovers", async () => {
    const contactsAway = (away: boolean) => t.db.execute(away ? sql`alter table email_contacts rename to email_contacts_away` : sql`alter table email_contacts_away rename to email_contacts`);
    await withImap((c) => c.append("INBOX", message("m5", "Retry me", "Stored on the third try")));
    await contactsAway(true);
    try {
      await expect(pollMailbox(t.db, channel, log)).rejects.toThrow(`message UID 5 could not be stored (attempt 1 of ${INGEST_ATTEMPTS}`);
      await expect(pollMailbox(t.db, channel, log)).rejects.toThrow(/attempt 2 of/);
    } finally {
      await contactsAway(false);
    }
    expect(await pollMailbox(t.db, channel, log)).toMatchObject({ fetched: 1, stored: 1, quarantined: 0 });
    const [state] = await t.db.select().from(emailMailboxState).where(eq(emailMailboxState.channel, "support"));
    expect(state).toMatchObject({ lastUid: 5, failingUid: null, failingAttempts: 0 });

    await withImap((c) => c.append("INBOX", message("m6", "Poison", "Never stored")));
    await contactsAway(true);
    try {
      for (let i = 1; i < INGEST_ATTEMPTS; i++) await expect(pollMailbox(t.db, channel, log)).rejects.toThrow(`attempt ${i} of`);
      expect(await pollMailbox(t.db, channel, log)).toMatchObject({ fetched: 1, quarantined: 1 });
    } finally {
      await contactsAway(false);
    }
    const poisoned = await t.db.select().from(emailQuarantine).where(eq(emailQuarantine.uid, 6));
    expect(poisoned[0].error).toContain("email_contacts");
  });

  describe("channels admins add", () => {
    const PASSWORD_ENV = "EMAIL_CHANNEL_TEST_PASSWORD";
    const e = () => readEnv({ NODE_ENV: "test" });
    let admin: Ctx;
    const input = () => ({ name: "desk", flow: "tasks_only" as const, host: dovecot.host, port: dovecot.port, secure: false, username: dovecot.user, passwordEnv: PASSWORD_ENV, mailbox: "INBOX" });

    beforeAll(async () => {
      admin = ctxFor(t.db, actorOf(await createUser(t.db, "admin")));
    });
    afterAll(() => {
      delete process.env[PASSWORD_ENV];
    });

    it("refuses bad input, another secret's variable, a taken name and non-admins, storing nothing", async () => {
      await expect(createChannel(admin, { ...input(), passwordEnv: "DATABASE_URL" }, e())).rejects.toThrow(/EMAIL_CHANNEL_/);
      await expect(createChannel(admin, { ...input(), port: 0 }, e())).rejects.toThrow();
      await expect(createChannel(admin, { ...input(), name: "Bad Name" }, e())).rejects.toThrow();
      await expect(createChannel(admin, { ...input(), name: "inbound" }, e())).rejects.toMatchObject({ code: "conflict" });
      const member = ctxFor(t.db, actorOf(await createUser(t.db, "member")));
      await expect(createChannel(member, input(), e())).rejects.toMatchObject({ code: "forbidden" });
      await expect(testChannel(member, "env", e())).rejects.toMatchObject({ code: "forbidden" });
      expect(await t.db.select().from(emailChannels)).toHaveLength(0);
    });

    it("tests the connection: a missing password, a wrong one, then the right one", async () => {
      const channelRow = await createChannel(admin, input(), e());
      await expect(createChannel(admin, input(), e())).rejects.toMatchObject({ code: "conflict" });
      expect(await testChannel(admin, channelRow.id, e())).toMatchObject({ ok: false, error: `${PASSWORD_ENV} is not set in the environment` });
      expect((await listChannels(admin, e())).items).toEqual([expect.objectContaining({ name: "desk", passwordSet: false, readOnly: false })]);
      process.env[PASSWORD_ENV] = "not-the-password";
      expect(await testChannel(admin, channelRow.id, e())).toMatchObject({ ok: false, error: "The server refused the user name or password" });
      process.env[PASSWORD_ENV] = dovecot.password;
      expect(await testChannel(admin, channelRow.id, e())).toMatchObject({ ok: true, messages: 6 });
      await expect(testChannel(admin, "env", e())).rejects.toMatchObject({ code: "not_found" });
    });

    it("the poller reads every enabled channel with its own flow, and not a disabled one", async () => {
      const [row] = await t.db.select().from(emailChannels).where(eq(emailChannels.name, "desk"));
      const polled = await pollAllChannels(t.db, e(), log);
      expect(polled).toMatchObject({ desk: { fetched: 6, stored: 5, quarantined: 1 } });
      const stored = await t.db.select().from(emailMessages).where(eq(emailMessages.channel, "desk"));
      expect(stored.every((m) => m.flow === "tasks_only")).toBe(true);
      await expect(updateChannel(admin, row.id, { ...input(), name: "renamed" })).rejects.toMatchObject({ code: "validation_failed" });
      await updateChannel(admin, row.id, { ...input(), enabled: false });
      expect(await pollAllChannels(t.db, e(), log)).toMatchObject({ skipped: expect.stringContaining("no mailbox") });
      await updateChannel(admin, row.id, { ...input(), enabled: true });
      delete process.env[PASSWORD_ENV];
      await expect(pollAllChannels(t.db, e(), log)).rejects.toThrow(`1 of 1 mailboxes failed: desk: ${PASSWORD_ENV} is not set`);
      await deleteChannel(admin, row.id);
      await expect(deleteChannel(admin, row.id)).rejects.toMatchObject({ code: "not_found" });
      expect(await t.db.select().from(emailMessages).where(eq(emailMessages.channel, "desk"))).toHaveLength(5);
    });
  });
});
