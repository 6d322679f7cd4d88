import { createHmac, timingSafeEqual } from "node:crypto";

/** How long a tunnel ticket may be used to open a connection. */
export const TICKET_TTL_MS = 60_000;

function signature(secret: string, body: string): string {
  return createHmac("sha256", secret).update(`tunnel-ticket.${body}`).digest("base64url");
}

/**
 * A short-lived, signed "this is user X" for clients that cannot send cookies or headers on a
 * WebSocket (browsers on another origin, EventSource). Carries no rights beyond opening a tunnel.
 */
export function issueTicket(secret: string, userId: string, now = Date.now()): { ticket: string; expiresAt: string } {
  const expires = now + TICKET_TTL_MS;
  const body = `${Buffer.from(userId).toString("base64url")}.${expires.toString(36)}`;
  return { ticket: `${body}.${signature(secret, body)}`, expiresAt: new Date(expires).toISOString() };
}

/** The user id a ticket names, or null if it is forged, malformed or expired. */
export function verifyTicket(secret: string, ticket: string, now = Date.now()): string | null {
  const parts = ticket.split(".");
  if (parts.length !== 3) return null;
  const [user, expiresRaw, sig] = parts;
  const expected = Buffer.from(signature(secret, `${user}.${expiresRaw}`));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const expires = parseInt(expiresRaw, 36);
  if (!Number.isFinite(expires) || expires < now) return null;
  return Buffer.from(user, "base64url").toString() || null;
}
