import type { IncomingMessage } from "node:http";
import { actorForUser, actorFromHeaders } from "@/src/platform/auth/actor";
import { VISITOR, type Actor } from "@/src/platform/auth/roles";
import type { Db } from "@/src/platform/db/client";
import { DomainError } from "@/src/platform/http/errors";
import { verifyTicket } from "./ticket";

export function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  return headers;
}

/**
 * Who opens the tunnel: a `ticket` query parameter, else the session cookie, bearer token or API key.
 * No credentials -> visitor (public discovery only); credentials that do not check out -> 401.
 */
export async function authenticate(db: Db, req: IncomingMessage, url: URL, secret: string): Promise<Actor> {
  const ticket = url.searchParams.get("ticket");
  if (ticket !== null) {
    const userId = verifyTicket(secret, ticket);
    const actor = userId ? await actorForUser(db, userId) : null;
    if (!actor) throw new DomainError("unauthenticated", "The tunnel ticket is invalid or expired");
    return actor;
  }
  const headers = headersOf(req);
  return headers.get("cookie") || headers.get("authorization") ? actorFromHeaders(db, headers) : VISITOR;
}
