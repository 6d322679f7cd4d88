import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { DomainError } from "../http/errors";
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
  // Most anonymous traffic carries no credentials at all: skip the session lookup entirely.
  if (!token && !headers.get("cookie")?.includes(SESSION_COOKIE)) return VISITOR;
  let userId: string | null = null;
  if (token?.startsWith(API_KEY_PREFIX)) {
    const result = await auth().api.verifyApiKey({ body: { key: token } });
    if (!result.valid || !result.key) throw invalidToken();
    userId = result.key.referenceId;
  } else {
    const session = await auth().api.getSession({ headers });
    if (!session && token) throw invalidToken();
    userId = session?.user.id ?? null;
  }
  if (!userId) return VISITOR;
  const actor = await actorForUser(db, userId);
  if (!actor) throw invalidToken();
  return actor;
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
