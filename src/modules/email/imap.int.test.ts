import { and, eq, sql } from "drizzle-orm";
import { existsSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logger } from "@/src/platform/log/logger";
import { metrics } from "@/src/platform/metrics/metrics";
import { DOVECOT, startDovecot, type TestDovecot } from "@/tests/support/dovecot";
import { freePort } from "@/tests/support/global-server";
import { writeSettings } from "@/src/platform/settings/resolve";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { readEnv } from "@/src/platform/config/env";
import type { Ctx } from "@/src/platform/context";
import { actorOf, createUser, ctxFor } from "@/tests/support/factories";
import { createChannel, deleteChannel, listChannels, pollAllChannels, probeMailbox, testChannel, updateChannel } from "./channels";
import { INGEST_ATTEMPTS, OVERSIZED_KEPT_BYTES, pollMailbox, type ImapChannel } from "./imap";
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
    expect(state.lastError).toBe("The server refused the user name or password");
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
      expect(await testChannel(admin, channelRow.id, e())).toMatchObject({ ok: false, reason: "password_missing", error: `${PASSWORD_ENV} is not set in the environment` });
      expect((await listChannels(admin, e())).items).toEqual([expect.objectContaining({ name: "desk", passwordSet: false, readOnly: false })]);
      process.env[PASSWORD_ENV] = "not-the-password";
      expect(await testChannel(admin, channelRow.id, e())).toMatchObject({ ok: false, reason: "auth", error: "The server refused the user name or password" });
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

  it("a message over EMAIL_MAX_MESSAGE_BYTES is quarantined by the size the server gives, without being downloaded, and the mailbox moves past it", async () => {
    const big = message("big", "Attachment", "x".repeat(200_000));
    await withImap(async (c) => {
      await c.append("INBOX", big);
      await c.append("INBOX", message("after-big", "Small", "Still read"));
    });
    await writeSettings(t.db, [{ name: "EMAIL_MAX_MESSAGE_BYTES", value: 100_000 }], null);
    try {
      expect(await pollMailbox(t.db, channel, log)).toMatchObject({ fetched: 2, stored: 1, quarantined: 1 });
    } finally {
      await writeSettings(t.db, [{ name: "EMAIL_MAX_MESSAGE_BYTES", value: null }], null);
    }
    const [held] = await t.db.select().from(emailQuarantine).where(and(eq(emailQuarantine.channel, "support"), eq(emailQuarantine.uid, 7)));
    expect(held).toMatchObject({ reason: "too_large", size: Buffer.byteLength(big), error: `the message is ${Buffer.byteLength(big)} bytes, over the limit of 100000 (EMAIL_MAX_MESSAGE_BYTES)` });
    // Only the start was downloaded: enough for a person to see who sent it.
    expect(Buffer.byteLength(held.raw)).toBe(OVERSIZED_KEPT_BYTES);
    expect(held.raw).toContain("Subject: Attachment");
    const [state] = await t.db.select().from(emailMailboxState).where(eq(emailMailboxState.channel, "support"));
    expect(state).toMatchObject({ lastUid: 8, lastError: null });
    expect(await pollMailbox(t.db, channel, log)).toMatchObject({ fetched: 0 });
  });

  it("keeps the receiving server's verdict from the message's top-most Authentication-Results, not a forged one below it", async () => {
    const top = (result: string) => `Authentication-Results: mx.ring.example;\r\n\tspf=${result} smtp.mailfrom=coop.example;\r\n\tdmarc=${result} header.from=coop.example`;
    const forged = "Authentication-Results: mx.ring.example; dmarc=pass header.from=coop.example";
    await withImap(async (c) => {
      await c.append("INBOX", `${top("fail")}\r\n${forged}\r\n${message("ar-forged", "Forged", "Trust me")}`);
      await c.append("INBOX", `${top("pass")}\r\n${message("ar-pass", "Verified", "Hello")}`);
    });
    expect(await pollMailbox(t.db, channel, log)).toMatchObject({ stored: 2 });
    const senderAuthOf = async (id: string) => (await t.db.select().from(emailMessages).where(eq(emailMessages.messageId, `<${id}@coop.example>`)))[0].senderAuth;
    expect(await senderAuthOf("ar-forged")).toMatchObject({ verified: false, authservId: "mx.ring.example", dmarc: "fail", spf: "fail" });
    expect(await senderAuthOf("ar-pass")).toMatchObject({ verified: true, dmarc: "pass" });
  });

  it("test connection names a missing mailbox and a failed TLS handshake in its own words", async () => {
    expect(await probeMailbox({ ...channel, mailbox: "Nowhere" })).toMatchObject({ ok: false, reason: "mailbox", error: "The mailbox does not exist or could not be opened" });
    expect(await probeMailbox({ ...channel, secure: true })).toMatchObject({ ok: false, reason: "tls" });
  });
});

/** An IMAP server run by someone hostile: it answers with its own text, which must never reach the admin. */
async function hostileImap(answer: (socket: Socket, line: string) => void, greeting: string | null): Promise<{ port: number; server: Server }> {
  const server = createServer((socket) => {
    if (greeting !== null) socket.write(greeting);
    let buffer = "";
    socket.on("data", (chunk) => {
      buffer += chunk.toString("latin1");
      for (let at = buffer.indexOf("\r\n"); at >= 0; at = buffer.indexOf("\r\n")) {
        answer(socket, buffer.slice(0, at));
        buffer = buffer.slice(at + 2);
      }
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as { port: number }).port, server };
}

describe("test connection against servers that fail", () => {
  const channel = (port: number, host = "127.0.0.1"): ImapChannel => ({ channel: "probe", flow: "standard", mailbox: "INBOX", host, port, secure: false, user: "u", password: "p" });
  const HOSTILE = "Visit https://evil.example/login and call +1 555 0100";
  const servers: Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));

  it("answers with our own words by failure class, never the server's greeting or error text", async () => {
    const refusing = await hostileImap((socket, line) => {
      const tag = line.split(" ")[0];
      if (/ CAPABILITY$/i.test(line)) socket.write(`* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n${tag} OK ${HOSTILE}\r\n`);
      else socket.write(`${tag} NO [AUTHENTICATIONFAILED] ${HOSTILE}\r\n`);
    }, `* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] <b>${HOSTILE}</b>\r\n`);
    const bye = await hostileImap(() => undefined, `* BYE ${HOSTILE}\r\n`);
    const silent = await hostileImap(() => undefined, null);
    servers.push(refusing.server, bye.server, silent.server);
    const closed = await freePort();

    const results = {
      auth: await probeMailbox(channel(refusing.port), 2_000),
      failed: await probeMailbox(channel(bye.port), 2_000),
      timeout: await probeMailbox(channel(silent.port), 300),
      refused: await probeMailbox(channel(closed), 2_000),
      dns: await probeMailbox(channel(993, "imap.does-not-exist.invalid"), 5_000),
    };
    for (const [reason, result] of Object.entries(results)) {
      expect(result, reason).toMatchObject({ ok: false, reason });
      expect(JSON.stringify(result)).not.toMatch(/evil|555|invalid/);
    }
  });
});
