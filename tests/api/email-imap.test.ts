import { existsSync } from "node:fs";
import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOVECOT, startDovecot, type TestDovecot } from "../support/dovecot";
import { readAdminCredentials, startServer, type StartedServer } from "../support/global-server";
import { call, eventually } from "../support/http";

// Dovecot comes from Debian's dovecot-imapd, which .ci/run installs; a machine without it cannot run this.
// The test starts its own server on its own embedded database, so the api-pg project would only repeat it.
describe.runIf(existsSync(DOVECOT) && process.env.RINGLET_API_DB !== "postgres")("a ring polling a real IMAP inbox", () => {
  let dovecot: TestDovecot;
  let server: StartedServer;
  beforeAll(async () => {
    dovecot = await startDovecot();
    server = await startServer({ SEED_DEMO: "false", EMAIL_IMAP_URL: dovecot.url, EMAIL_IMAP_CHANNEL: "support" });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await dovecot?.stop();
  });

  it("mail that arrives in the inbox becomes a classified thread with a draft, and the mailbox's position shows on the inbox", async () => {
    const client = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
    await client.connect();
    await client.append("INBOX", "From: Maria Petrenko <maria@school.example>\r\nTo: support@ring.example.org\r\nSubject: Volunteering for students\r\nMessage-ID: <imap-e2e-1@school.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello! How can my students find volunteering opportunities?\r\n");
    await client.logout();
    const admin = (await call("/api/v1/auth/sign-in", { baseUrl: server.baseUrl, body: readAdminCredentials(server.dataDir) })).body.token as string;
    const run = await call("/api/v1/admin/processes/email-processor/run", { baseUrl: server.baseUrl, token: admin, body: {} });
    expect(run.status).toBeLessThan(300);
    const thread = await eventually(async () => {
      const list = await call("/api/v1/admin/email/threads?channel=support", { baseUrl: server.baseUrl, token: admin });
      return list.body.items.find((t: { subject: string }) => t.subject === "Volunteering for students");
    }, 15_000);
    expect(thread).toMatchObject({ status: "open", hasDraft: true });
    const health = await call("/api/v1/admin/email/mailboxes", { baseUrl: server.baseUrl, token: admin });
    expect(health.body.mailboxes).toEqual([expect.objectContaining({ channel: "support", mailbox: "INBOX", lastUid: 1, lastError: null })]);
    const page = await call("/admin/email", { baseUrl: server.baseUrl, token: admin });
    expect(String(page.body).replaceAll("<!-- -->", "")).toContain("support / INBOX");
  });
});
