import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { env, namedSecret, type Env } from "@/src/platform/config/env";
import type { Ctx } from "@/src/platform/context";
import type { Db } from "@/src/platform/db/client";
import { isUniqueViolation } from "@/src/platform/db/errors";
import type { Logger } from "@/src/platform/log/logger";
import { DomainError, notFound } from "@/src/platform/http/errors";
import { partialUpdate } from "@/src/platform/http/partial-update";
import { audit } from "@/src/modules/audit/service";
import { imapChannelFromEnv, imapClient, pollMailbox, type ImapChannel, type PollResult } from "./imap";
import { IMAP_FAILURE_TEXT, imapFailure, type ImapFailure } from "./imap-failure";
import { emailChannels, emailMailboxState, FLOWS } from "./schema";
import { admin } from "./service";

/** The channel EMAIL_IMAP_URL describes is listed under this id, read-only. */
export const ENV_CHANNEL_ID = "env";
/** Passwords (and SMTP URLs) come only from variables with this prefix, so a channel can never be pointed at another secret. */
export const PASSWORD_ENV_PREFIX = "EMAIL_CHANNEL_";
const TEST_TIMEOUT_MS = 10_000;

const secretName = z
  .string()
  .trim()
  .regex(new RegExp(`^${PASSWORD_ENV_PREFIX}[A-Z0-9_]{1,60}$`), `An environment variable named ${PASSWORD_ENV_PREFIX}…, e.g. ${PASSWORD_ENV_PREFIX}SUPPORT_PASSWORD`);

export const ChannelInput = z.object({
  name: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, "2-40 lowercase letters, digits and dashes"),
  flow: z.enum(FLOWS).default("standard"),
  host: z.string().trim().regex(/^[A-Za-z0-9.-]{1,253}$/, "A host name or IP address"),
  port: z.number().int().min(1).max(65_535).default(993),
  secure: z.boolean().default(true),
  username: z.string().trim().min(1).max(320),
  passwordEnv: secretName,
  mailbox: z.string().trim().min(1).max(200).default("INBOX"),
  replyFrom: z.email().max(320).nullish().transform((v) => v ?? null),
  smtpUrlEnv: secretName.nullish().transform((v) => v ?? null),
  enabled: z.boolean().default(true),
});
export type ChannelInput = z.input<typeof ChannelInput>;
/** An edit changes the fields sent: a PUT without `enabled` leaves a paused channel paused. */
export const UpdateChannelInput = partialUpdate(ChannelInput);

type ChannelRow = typeof emailChannels.$inferSelect;

/** A stored channel as the poller connects to it, or why it cannot: its password variable is not set. */
function imapOf(row: ChannelRow): { channel: ImapChannel; problem?: undefined } | { channel: null; problem: string } {
  const secret = namedSecret(row.passwordEnv);
  if (secret.value === null) return { channel: null, problem: secret.problem };
  const password = secret.value;
  return { channel: { channel: row.name, flow: row.flow, mailbox: row.mailbox, host: row.host, port: row.port, secure: row.secure, user: row.username, password } };
}

/** Every mailbox the poller reads: the one in EMAIL_IMAP_URL, then the enabled channels admins added (with the passwords their variables hold). */
export async function configuredChannels(db: Db, e: Env = env()): Promise<{ channel: ImapChannel | null; name: string; problem?: string }[]> {
  const fromEnv = imapChannelFromEnv(e);
  const rows = await db.select().from(emailChannels).where(eq(emailChannels.enabled, true)).orderBy(asc(emailChannels.name));
  return [
    ...(fromEnv ? [{ channel: fromEnv, name: fromEnv.channel }] : []),
    ...rows.map((row) => ({ name: row.name, ...imapOf(row) })),
  ];
}

/** The channels for the admin page: the environment's (read-only) and the stored ones, each with whether its password is present and how its polling goes. */
export async function listChannels(ctx: Ctx, e: Env = env()) {
  admin(ctx);
  const rows = await ctx.db.select().from(emailChannels).orderBy(asc(emailChannels.name));
  const states = await ctx.db.select().from(emailMailboxState);
  const stateOf = (name: string, mailbox: string) => states.find((s) => s.channel === name && s.mailbox === mailbox) ?? null;
  const health = (name: string, mailbox: string) => {
    const s = stateOf(name, mailbox);
    return { lastPolledAt: s?.lastPolledAt?.toISOString() ?? null, lastError: s?.lastError ?? null, lastUid: s?.lastUid ?? null };
  };
  const fromEnv = imapChannelFromEnv(e);
  return {
    items: [
      ...(fromEnv
        ? [{ id: ENV_CHANNEL_ID, name: fromEnv.channel, flow: fromEnv.flow, host: fromEnv.host, port: fromEnv.port, secure: fromEnv.secure, username: fromEnv.user, passwordEnv: "EMAIL_IMAP_URL", mailbox: fromEnv.mailbox, replyFrom: null, smtpUrlEnv: null, enabled: true, readOnly: true, passwordSet: true, smtpSet: null, ...health(fromEnv.channel, fromEnv.mailbox) }]
        : []),
      ...rows.map((r) => ({ id: r.id, name: r.name, flow: r.flow, host: r.host, port: r.port, secure: r.secure, username: r.username, passwordEnv: r.passwordEnv, mailbox: r.mailbox, replyFrom: r.replyFrom, smtpUrlEnv: r.smtpUrlEnv, enabled: r.enabled, readOnly: false, passwordSet: namedSecret(r.passwordEnv).value !== null, smtpSet: r.smtpUrlEnv ? namedSecret(r.smtpUrlEnv).value !== null : null, ...health(r.name, r.mailbox) })),
    ],
  };
}

function refuseEnvName(name: string, e: Env) {
  const fromEnv = imapChannelFromEnv(e);
  if (fromEnv?.channel === name || e.EMAIL_INBOUND_CHANNEL === name) throw new DomainError("conflict", `The channel name “${name}” is taken by the environment's configuration`, { name: "Taken" });
}

export async function createChannel(ctx: Ctx, raw: ChannelInput, e: Env = env()) {
  const actorId = admin(ctx);
  const input = ChannelInput.parse(raw);
  refuseEnvName(input.name, e);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx.insert(emailChannels).values({ ...input, updatedBy: actorId }).returning();
      await audit(tx, { actorId, action: "email.channel_added", targetType: "email_channel", targetId: row.id, data: { name: row.name, host: row.host } });
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("conflict", `A channel named “${input.name}” exists`, { name: "Taken" });
    throw error;
  }
}

async function storedChannel(db: Db, id: string) {
  if (id === ENV_CHANNEL_ID) throw new DomainError("conflict", "The channel from EMAIL_IMAP_URL is changed in the environment, not here");
  if (!z.uuid().safeParse(id).success) throw notFound("Channel");
  const [row] = await db.select().from(emailChannels).where(eq(emailChannels.id, id));
  if (!row) throw notFound("Channel");
  return row;
}

/** The name stays (mail already stored under it keeps its threads); everything else may change. */
export async function updateChannel(ctx: Ctx, id: string, raw: z.input<typeof UpdateChannelInput>) {
  const actorId = admin(ctx);
  const input = UpdateChannelInput.parse(raw);
  const row = await storedChannel(ctx.db, id);
  if (input.name !== undefined && input.name !== row.name) throw new DomainError("validation_failed", "A channel's name cannot change: add a new channel instead", { name: "Fixed" });
  return ctx.db.transaction(async (tx) => {
    const [updated] = await tx.update(emailChannels).set({ ...input, updatedBy: actorId, updatedAt: ctx.now() }).where(eq(emailChannels.id, id)).returning();
    await audit(tx, { actorId, action: "email.channel_changed", targetType: "email_channel", targetId: id, data: { host: updated.host, enabled: updated.enabled } });
    return updated;
  });
}

/** Stops polling it; the mail already stored stays in the inbox. */
export async function deleteChannel(ctx: Ctx, id: string) {
  const actorId = admin(ctx);
  const row = await storedChannel(ctx.db, id);
  await ctx.db.transaction(async (tx) => {
    await tx.delete(emailChannels).where(eq(emailChannels.id, id));
    await audit(tx, { actorId, action: "email.channel_deleted", targetType: "email_channel", targetId: id, data: { name: row.name } });
  });
}

export type ProbeResult = { ok: true; messages: number; uidValidity: number; ms: number } | { ok: false; reason: ImapFailure; error: string; ms: number };

/**
 * Signs in and opens the mailbox, without reading or changing anything: how many messages it
 * holds, or which kind of failure (in our words: the server's own text never reaches the admin).
 */
export async function probeMailbox(channel: ImapChannel, timeoutMs = TEST_TIMEOUT_MS): Promise<ProbeResult> {
  const started = performance.now();
  const failed = (reason: ImapFailure): ProbeResult => ({ ok: false, reason, error: IMAP_FAILURE_TEXT[reason], ms: Math.round(performance.now() - started) });
  const client = imapClient(channel, { connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
  client.on("error", () => undefined);
  try {
    try {
      await client.connect();
    } catch (error) {
      return failed(imapFailure(error));
    }
    try {
      const status = await client.status(channel.mailbox, { messages: true, uidValidity: true });
      if (!status) return failed("mailbox");
      return { ok: true, messages: status.messages ?? 0, uidValidity: Number(status.uidValidity ?? 0), ms: Math.round(performance.now() - started) };
    } catch (error) {
      return failed(imapFailure(error, true));
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** The admin's "Test connection" button: `reason` names the failure for the page to say in the admin's language. */
export async function testChannel(ctx: Ctx, id: string, e: Env = env()) {
  admin(ctx);
  if (id === ENV_CHANNEL_ID) {
    const fromEnv = imapChannelFromEnv(e);
    if (!fromEnv) throw notFound("Channel");
    return probeMailbox(fromEnv);
  }
  const { channel, problem } = imapOf(await storedChannel(ctx.db, id));
  return channel ? probeMailbox(channel) : { ok: false as const, reason: "password_missing" as const, error: problem, ms: 0 };
}

/**
 * The `email-processor` pipeline's first step: every configured mailbox in turn. One failing mailbox does not stop
 * the others; the run fails afterwards naming it (its error also shows on the admin pages).
 */
export async function pollAllChannels(db: Db, e: Env, log: Logger, now = new Date()) {
  const channels = await configuredChannels(db, e);
  if (channels.length === 0) return { skipped: "no mailbox is configured (EMAIL_IMAP_URL or Admin → Inbox → Channels)" };
  const results: Record<string, PollResult> = {};
  const failures: string[] = [];
  for (const { channel, name, problem } of channels) {
    if (!channel) {
      failures.push(`${name}: ${problem}`);
      continue;
    }
    try {
      results[name] = await pollMailbox(db, channel, log, now);
    } catch (error) {
      failures.push(`${name}: ${(error as Error).message}`);
    }
  }
  if (failures.length) throw new Error(`${failures.length} of ${channels.length} mailboxes failed: ${failures.join("; ")}`.slice(0, 1000));
  return results;
}
