import { and, eq, sql } from "drizzle-orm";
import { ImapFlow } from "imapflow";
import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";
import type { Env } from "@/src/platform/config/env";
import type { Db } from "@/src/platform/db/client";
import type { Logger } from "@/src/platform/log/logger";
import { metrics } from "@/src/platform/metrics/metrics";
import { resolveSettings } from "@/src/platform/settings/resolve";
import { IMAP_FAILURE_TEXT, imapFailure } from "./imap-failure";
import { ingestEmail, type InboundEmail } from "./ingest";
import { emailMailboxState, emailQuarantine, type QuarantineReason } from "./schema";

/** Messages read per poll; the next poll goes on where this one stopped. */
const BATCH = 50;
/** Polls that try to store a readable message before it goes to quarantine (the count is stored, so restarts do not reset it). */
export const INGEST_ATTEMPTS = 3;
/** Of a message over EMAIL_MAX_MESSAGE_BYTES only this much is downloaded, kept in quarantine so a person sees who sent it. */
export const OVERSIZED_KEPT_BYTES = 64 * 1024;
const HEADERS_KEPT = ["auto-submitted", "list-unsubscribe", "list-id", "precedence", "x-autoreply", "x-auto-response-suppress"];

export interface ImapChannel {
  channel: string;
  flow: InboundEmail["flow"];
  mailbox: string;
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
}

/** The channel EMAIL_IMAP_URL describes, or null when no inbox is configured. */
export function imapChannelFromEnv(e: Env): ImapChannel | null {
  if (!e.EMAIL_IMAP_URL) return null;
  const url = new URL(e.EMAIL_IMAP_URL);
  const secure = url.protocol === "imaps:";
  return {
    channel: e.EMAIL_IMAP_CHANNEL,
    flow: e.EMAIL_IMAP_FLOW,
    mailbox: e.EMAIL_IMAP_MAILBOX,
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}

/** An IMAP client signed in as the channel (not yet connected), quiet, with the caller's timeouts. */
export function imapClient(channel: ImapChannel, timeouts: { connectionTimeout: number; greetingTimeout?: number; socketTimeout: number }): ImapFlow {
  return new ImapFlow({ host: channel.host, port: channel.port, secure: channel.secure, auth: { user: channel.user, pass: channel.password }, logger: false, ...timeouts });
}

/** A header's raw lines as the message carries them (top-most first), unfolded, without the name. */
const headerValues = (parsed: ParsedMail, name: string) => parsed.headerLines.filter((h) => h.key === name).map((h) => h.line.slice(h.line.indexOf(":") + 1).replace(/\r?\n[ \t]/g, " ").trim());

const firstAddress = (a: AddressObject | AddressObject[] | undefined) => (Array.isArray(a) ? a[0] : a)?.value[0];
const addressText = (a: AddressObject | AddressObject[] | undefined) => (Array.isArray(a) ? a.map((x) => x.text).join(", ") : (a?.text ?? ""));

/** A parsed message as the ingest takes it; a message without a sender cannot be answered and is refused. */
export function toInbound(parsed: ParsedMail, channel: ImapChannel, uidValidity: number, uid: number): InboundEmail {
  const from = firstAddress(parsed.from);
  if (!from?.address) throw new Error("the message has no sender address");
  const headers: Record<string, string> = {};
  for (const name of HEADERS_KEPT) {
    const value = parsed.headers.get(name);
    if (value !== undefined) headers[name] = typeof value === "string" ? value : JSON.stringify(value);
  }
  const references = parsed.references === undefined ? [] : Array.isArray(parsed.references) ? parsed.references : [parsed.references];
  return {
    channel: channel.channel,
    flow: channel.flow,
    messageId: parsed.messageId ?? null,
    from: { address: from.address, name: from.name || null },
    to: addressText(parsed.to),
    subject: parsed.subject ?? "",
    text: parsed.text ?? "",
    html: typeof parsed.html === "string" ? parsed.html : null,
    date: parsed.date ?? null,
    inReplyTo: parsed.inReplyTo ?? null,
    references,
    headers,
    authenticationResults: headerValues(parsed, "authentication-results"),
    mailbox: { name: channel.mailbox, uidValidity, uid },
  };
}

/** Rethrows a failure to connect or open the mailbox in our words: the mailbox's last error is shown to admins, the server's text never. */
const inOurWords = (openingMailbox: boolean) => (error: unknown): never => {
  throw new Error(IMAP_FAILURE_TEXT[imapFailure(error, openingMailbox)], { cause: error });
};

async function stateOf(db: Db, channel: ImapChannel) {
  await db.insert(emailMailboxState).values({ channel: channel.channel, mailbox: channel.mailbox }).onConflictDoNothing();
  const [row] = await db.select().from(emailMailboxState).where(and(eq(emailMailboxState.channel, channel.channel), eq(emailMailboxState.mailbox, channel.mailbox)));
  return row;
}

export interface PollResult {
  fetched: number;
  stored: number;
  duplicate: number;
  quarantined: number;
  uidValidityReset: boolean;
  more: boolean;
}

/**
 * One pass over the mailbox: messages above the last UID seen are parsed and ingested (exactly once:
 * the ingest is keyed by Message-ID), each followed by the new position, so a crash re-reads at most
 * one message. A changed UIDVALIDITY starts the mailbox over (the ingest drops what it has). A
 * message that cannot be read is quarantined whole and passed over; so is one larger than
 * EMAIL_MAX_MESSAGE_BYTES, by the size the server gives before anything is downloaded (and never
 * more than the limit is downloaded, whatever the server said). One that is readable but cannot be
 * stored stops the poll there and is retried by the next polls, then quarantined after
 * INGEST_ATTEMPTS. Nothing is deleted or flagged on the server.
 */
export async function pollMailbox(db: Db, channel: ImapChannel, log: Logger, now = new Date()): Promise<PollResult> {
  const m = metrics();
  const state = await stateOf(db, channel);
  const maxBytes = (await resolveSettings(db)).EMAIL_MAX_MESSAGE_BYTES.value as number;
  const client = imapClient(channel, { connectionTimeout: 15_000, socketTimeout: 60_000 });
  try {
    await client.connect().catch(inOurWords(false));
    const lock = await client.getMailboxLock(channel.mailbox).catch(inOurWords(true));
    try {
      const mailbox = client.mailbox;
      if (!mailbox) throw new Error(`mailbox ${channel.mailbox} could not be opened`);
      const uidValidity = Number(mailbox.uidValidity);
      const reset = state.uidValidity !== null && state.uidValidity !== uidValidity;
      let lastUid = reset ? 0 : state.lastUid;
      if (reset || state.uidValidity === null)
        await db
          .update(emailMailboxState)
          .set({ uidValidity, lastUid, resets: reset ? sql`${emailMailboxState.resets} + 1` : emailMailboxState.resets })
          .where(eq(emailMailboxState.id, state.id));
      const sizes = new Map<number, number>();
      if (mailbox.exists > 0) for await (const msg of client.fetch(`${lastUid + 1}:*`, { uid: true, size: true }, { uid: true })) if (msg.uid > lastUid) sizes.set(msg.uid, msg.size ?? 0);
      const uids = [...sizes.keys()].sort((a, b) => a - b);
      const batch = uids.slice(0, BATCH);
      const result: PollResult = { fetched: batch.length, stored: 0, duplicate: 0, quarantined: 0, uidValidityReset: reset, more: uids.length > BATCH };
      for (const uid of batch) {
        const declared = sizes.get(uid) ?? 0;
        const message = await client.fetchOne(String(uid), { uid: true, source: { maxLength: declared > maxBytes ? OVERSIZED_KEPT_BYTES : maxBytes + 1 } }, { uid: true });
        const source = message && message.source ? message.source : Buffer.alloc(0);
        const size = Math.max(declared, source.length);
        const quarantine = async (reason: QuarantineReason, error: unknown) => {
          await db
            .insert(emailQuarantine)
            .values({ channel: channel.channel, mailbox: channel.mailbox, uidValidity, uid, error: (error as Error).message.slice(0, 1000), reason, size, raw: source.toString("utf8").replaceAll("\u0000", "").slice(0, 1_000_000) })
            .onConflictDoNothing();
          result.quarantined++;
          m.emailMessages.inc({ channel: channel.channel, outcome: "quarantined" });
          log.warn({ err: error, channel: channel.channel, uid }, "email quarantined");
        };
        let inbound: InboundEmail | null = null;
        if (size > maxBytes) await quarantine("too_large", new Error(`the message is ${size} bytes, over the limit of ${maxBytes} (EMAIL_MAX_MESSAGE_BYTES)`));
        else
          try {
            inbound = toInbound(await simpleParser(source), channel, uidValidity, uid);
          } catch (error) {
            // Unreadable is unreadable: no retry helps.
            await quarantine("unreadable", error);
          }
        if (inbound) {
          try {
            const ingested = await ingestEmail(db, inbound, now);
            result[ingested.outcome]++;
            m.emailMessages.inc({ channel: channel.channel, outcome: ingested.outcome });
          } catch (error) {
            const attempts = state.failingUid === uid ? state.failingAttempts + 1 : 1;
            if (attempts < INGEST_ATTEMPTS) {
              await db.update(emailMailboxState).set({ failingUid: uid, failingAttempts: attempts }).where(eq(emailMailboxState.id, state.id));
              throw new Error(`message UID ${uid} could not be stored (attempt ${attempts} of ${INGEST_ATTEMPTS}; the next poll retries it): ${(error as Error).message}`);
            }
            await quarantine("not_stored", error);
          }
        }
        lastUid = uid;
        await db.update(emailMailboxState).set({ lastUid, failingUid: null, failingAttempts: 0 }).where(eq(emailMailboxState.id, state.id));
      }
      await db.update(emailMailboxState).set({ lastPolledAt: now, lastError: null, consecutiveFailures: 0 }).where(eq(emailMailboxState.id, state.id));
      m.emailPolls.inc({ channel: channel.channel, result: "ok" });
      return result;
    } finally {
      lock.release();
    }
  } catch (error) {
    await db
      .update(emailMailboxState)
      .set({ lastPolledAt: now, lastError: (error as Error).message.slice(0, 1000), consecutiveFailures: sql`${emailMailboxState.consecutiveFailures} + 1` })
      .where(eq(emailMailboxState.id, state.id));
    m.emailPolls.inc({ channel: channel.channel, result: "failed" });
    throw error;
  } finally {
    await client.logout().catch(() => client.close());
  }
}
