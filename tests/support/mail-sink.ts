import { createServer, type Server } from "node:http";
import { simpleParser } from "mailparser";
import { inject } from "vitest";
import { startTestSmtp, type TestSmtp } from "./smtp";

export interface SinkMail {
  to: string[];
  subject: string;
  text: string;
}

export interface MailSink {
  smtpUrl: string;
  /** Where test workers (other processes) read what the sink received. */
  url: string;
  close(): Promise<void>;
}

/**
 * The global test server's SMTP: a real SMTP server on 127.0.0.1 plus a small HTTP reader, because
 * vitest runs the tests in other processes than the one holding the sink.
 */
export async function startMailSink(): Promise<MailSink> {
  const smtp: TestSmtp = await startTestSmtp();
  const reader: Server = createServer((req, res) => {
    const to = new URL(req.url ?? "/", "http://sink").searchParams.get("to")?.toLowerCase();
    const mails = smtp.received.filter((m) => !to || m.to.some((address) => address.toLowerCase() === to));
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(mails.map((m) => ({ to: m.to, data: m.data }))));
  });
  await new Promise<void>((resolve) => reader.listen(0, "127.0.0.1", resolve));
  const { port } = reader.address() as { port: number };
  return {
    smtpUrl: `smtp://127.0.0.1:${smtp.port}/?ignoreTLS=true`,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => reader.close(() => resolve()));
      await smtp.close();
    },
  };
}

/** Every mail the global server delivered to `email`, oldest first, decoded. */
export async function mailsTo(email: string): Promise<SinkMail[]> {
  const raw = (await (await fetch(`${inject("mailSinkUrl")}/?to=${encodeURIComponent(email)}`)).json()) as { to: string[]; data: string }[];
  return Promise.all(
    raw.map(async (m) => {
      const parsed = await simpleParser(m.data);
      return { to: m.to, subject: parsed.subject ?? "", text: parsed.text ?? "" };
    }),
  );
}

/** The newest link matching `pattern` in mail delivered to `email`, waiting up to `ms` for it to arrive. */
export async function linkFromMail(email: string, pattern: RegExp, ms = 15_000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const links = (await mailsTo(email)).flatMap((m) => m.text.match(new RegExp(pattern.source, "g")) ?? []);
    if (links.length) return links[links.length - 1];
    if (Date.now() > deadline) throw new Error(`no mail to ${email} with a link like ${pattern} in time`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
