import { and, eq } from "drizzle-orm";
import { auth } from "@/src/platform/auth/auth";
import { requireUser } from "@/src/platform/auth/require-user";
import { session } from "@/src/platform/auth/schema";
import type { Ctx } from "@/src/platform/context";
import { notFound } from "@/src/platform/http/errors";
import { callAuth, sessionHeaders } from "./auth-calls";
import { isUuid } from "./inputs";

/**
 * The caller's active sign-ins, newest first, with where they came from as Better Auth stored it and
 * which one is this request's. Never the session tokens. Better Auth asks for a sign-in from the last
 * 24 hours to show them (403 otherwise).
 */
export async function listMySessions(ctx: Ctx, headers: Headers) {
  const h = sessionHeaders(ctx, headers);
  const [current, sessions] = await callAuth(() => Promise.all([auth().api.getSession({ headers: h }), auth().api.listSessions({ headers: h })]));
  return {
    items: sessions
      .map((s) => ({
        id: s.id,
        createdAt: new Date(s.createdAt).toISOString(),
        lastSeenAt: new Date(s.updatedAt).toISOString(),
        expiresAt: new Date(s.expiresAt).toISOString(),
        userAgent: s.userAgent ?? null,
        ipAddress: s.ipAddress ?? null,
        current: s.id === current?.session.id,
      }))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
  };
}

/**
 * Ends one of the caller's sessions by id (the token stays on the server). Revoking the current one
 * signs this client out: the answer's headers clear its cookie. Another member's session is 404.
 */
export async function revokeMySession(ctx: Ctx, headers: Headers, id: string): Promise<Headers> {
  const h = sessionHeaders(ctx, headers);
  if (!isUuid(id)) throw notFound("Session");
  const [row] = await ctx.db
    .select({ token: session.token })
    .from(session)
    .where(and(eq(session.id, id), eq(session.userId, requireUser(ctx.actor).userId)));
  if (!row) throw notFound("Session");
  const result = await callAuth(() => auth().api.revokeSession({ body: { token: row.token }, headers: h, returnHeaders: true }));
  return result.headers;
}

/** Ends every session of the caller except this request's. */
export async function revokeOtherSessions(ctx: Ctx, headers: Headers): Promise<void> {
  const h = sessionHeaders(ctx, headers);
  await callAuth(() => auth().api.revokeOtherSessions({ headers: h }));
}
