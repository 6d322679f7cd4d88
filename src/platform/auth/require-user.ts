import { unauthenticated } from "../http/errors";
import { isSignedIn, type Actor } from "./roles";

/** The signed-in actor, or 401 `unauthenticated` for a visitor. */
export function requireUser(actor: Actor): Extract<Actor, { kind: "user" }> {
  if (!isSignedIn(actor)) throw unauthenticated();
  return actor;
}
