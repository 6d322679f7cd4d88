import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { DomainError } from "../http/errors";
import { cacheEpoch, cachedActor, cachedCredential, credentialKey, rememberActor, rememberCredential } from "./actor-cache";
import { API_KEY_PREFIX, auth } from "./auth";
import { VISITOR, type Actor, type Role } from "./roles";
import { memberProfiles } from "@/src/modules/members/schema";
import { user } from "./schema";

/** The token of an `Authorization: Bearer` header, if any: a session token or an API key. */
export function bearerToken(headers: Headers): string | null {
  const value = headers.get("authorization");
  if (!value || value.slice(0, 7).toLowerCase() !== "bearer ") return null;
  return value.slice(7).trim() || null;
}

/** Better Auth's session cookie (`better-auth.session_token`, `__Secure-` prefixed over https). */
export const SESSION_COOKIE = "better-auth.session_token";

const invalidToken = () => new DomainError("unauthenticated", "The bearer token or API key is invalid or expired");

/**
 * Who is calling: a session cookie, a bearer session token, or a bearer API key.
 * No credentials -> visitor; credentials that do not check out -> 401 (never silently a visitor).
 */
export async function actorFromHeaders(db: Db, headers: Headers): Promise<Actor> {
  const token = bearerToken(headers);
  const cookie = token ? null : sessionCookie(headers.get("cookie"));
  // Most anonymous traffic carries no credentials at all: skip the session lookup entirely.
  if (!token && !cookie) return VISITOR;
  const key = token ? credentialKey("bearer", token) : credentialKey("cookie", cookie!);
  const epoch = cacheEpoch();
  let userId = cachedCredential(key);
  if (!userId) {
    const verified = await verifyCredential(headers, token);
    if (!verified) return VISITOR;
    userId = verified.userId;
    rememberCredential(key, userId, verified.expiresAt, epoch);
  }
  const actor = cachedActor(userId) ?? (await actorForUser(db, userId));
  if (!actor) throw invalidToken();
  if (actor.kind === "user") rememberActor(actor, epoch);
  return actor;
}

/** Better Auth's verdict on a bearer token, API key or session cookie: whose, and until when; null for a stale cookie. */
async function verifyCredential(headers: Headers, token: string | null): Promise<{ userId: string; expiresAt: number } | null> {
  if (token?.startsWith(API_KEY_PREFIX)) {
    const result = await auth().api.verifyApiKey({ body: { key: token } });
    if (!result.valid || !result.key) throw invalidToken();
    const expiresAt = result.key.expiresAt ? new Date(result.key.expiresAt).getTime() : Number.POSITIVE_INFINITY;
    return { userId: result.key.referenceId, expiresAt };
  }
  const session = await auth().api.getSession({ headers });
  if (!session) {
    if (token) throw invalidToken();
    return null;
  }
  return { userId: session.user.id, expiresAt: new Date(session.session.expiresAt).getTime() };
}

/** The value of Better Auth's session cookie (plain or `__Secure-` prefixed), if the request carries one. */
export function sessionCookie(header: string | null): string | null {
  if (!header?.includes(SESSION_COOKIE)) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    const name = part.slice(0, eq).trim();
    if (name === SESSION_COOKIE || name === `__Secure-${SESSION_COOKIE}`) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

/** The actor of a known user id (a verified session, key or ticket); null if the account is gone. Suspended -> 403. */
export async function actorForUser(db: Db, userId: string): Promise<Actor | null> {
  const [found] = await db
    .select({ row: user, blocked: memberProfiles.blockedEntityIds })
    .from(user)
    .leftJoin(memberProfiles, eq(memberProfiles.userId, user.id))
    .where(eq(user.id, userId));
  if (!found) return null;
  const row = found.row;
  if (row.suspendedAt) throw new DomainError("forbidden", "This account is suspended");
  return { kind: "user", userId: row.id, role: row.role as Role, email: row.email, name: row.name, blockedEntityIds: found.blocked ?? [] };
}
