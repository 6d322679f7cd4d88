import { DomainError, unauthenticated } from "../http/errors";
import { isSignedIn, type Actor } from "./roles";

type UserActor = Extract<Actor, { kind: "user" }>;

/** The signed-in actor, or 401 `unauthenticated` for a visitor. */
export function requireUser(actor: Actor): UserActor {
  if (!isSignedIn(actor)) throw unauthenticated();
  return actor;
}

/** The admin actor: 401 `unauthenticated` for a visitor, 403 `forbidden` for any other account. */
export function requireAdmin(actor: Actor): UserActor & { role: "admin" } {
  const user = requireUser(actor);
  if (user.role !== "admin") throw new DomainError("forbidden", "Admins only");
  return user as UserActor & { role: "admin" };
}
