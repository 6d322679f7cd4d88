import { headers } from "next/headers";
import { ZodError } from "zod";
import { notFound, redirect } from "next/navigation";
import type { Ctx } from "../context";
import { DomainError } from "../http/errors";
import { logger } from "../log/logger";
import { db } from "../db/client";
import { isMalformedInput } from "../db/errors";
import { actorFromHeaders } from "./actor";
import { hasRole, VISITOR, type Actor, type ActorRole } from "./roles";

/** The actor of a page request; a stale or bad cookie just means a visitor. */
export async function pageActor(): Promise<Actor> {
  try {
    return await actorFromHeaders(db(), await headers());
  } catch {
    return VISITOR;
  }
}

/** For pages that need an account: visitors go to sign-in and come back. */
export async function requirePageUser(returnTo: string): Promise<Extract<Actor, { kind: "user" }>> {
  const actor = await pageActor();
  if (actor.kind !== "user") redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return actor;
}

export async function pageActorHas(role: ActorRole): Promise<{ actor: Actor; allowed: boolean }> {
  const actor = await pageActor();
  return { actor, allowed: hasRole(actor.role, role) };
}

/**
 * The gate of a page that needs `role`, called before the page reads anything: visitors go to
 * sign-in, accounts below the role get the 404 page. A layout's check does not stop its child page
 * from rendering and streaming, so every such page calls this itself.
 */
export async function requirePageRole(role: ActorRole, returnTo: string): Promise<Ctx & { actor: Extract<Actor, { kind: "user" }> }> {
  const actor = await requirePageUser(returnTo);
  if (!hasRole(actor.role, role)) notFound();
  return { ...(await pageContext(actor)), actor };
}

/** The context of an admin page (see requirePageRole). */
export const adminPageContext = (returnTo: string) => requirePageRole("admin", returnTo);

/** The use-case context of a page request. */
export async function pageContext(actor?: Actor): Promise<Ctx> {
  return { actor: actor ?? (await pageActor()), db: db(), log: logger(), now: () => new Date() };
}

/**
 * Runs a service for a page: its not_found becomes the 404 page, and so does input the URL made
 * malformed (a tampered cursor, an impossible id or tag), which an API route would answer with 400
 * but a page can only refuse.
 */
export async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof DomainError && (e.code === "not_found" || e.code === "validation_failed")) notFound();
    if (e instanceof ZodError || isMalformedInput(e)) notFound();
    throw e;
  }
}
