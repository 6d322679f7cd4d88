import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import type { Ctx } from "../context";
import { DomainError } from "../http/errors";
import { logger } from "../log/logger";
import { db } from "../db/client";
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

/** The use-case context of a page request. */
export async function pageContext(actor?: Actor): Promise<Ctx> {
  return { actor: actor ?? (await pageActor()), db: db(), log: logger(), now: () => new Date() };
}

/** Runs a service for a page; its not_found becomes the 404 page. */
export async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof DomainError && e.code === "not_found") notFound();
    throw e;
  }
}
