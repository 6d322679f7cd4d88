export const ROLES = ["subscriber", "member", "confidential", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** The ladder including the anonymous visitor, lowest first. */
export const ROLE_LADDER = ["visitor", ...ROLES] as const;
export type ActorRole = (typeof ROLE_LADDER)[number];

export function roleRank(role: ActorRole): number {
  return ROLE_LADDER.indexOf(role);
}

export function hasRole(actual: ActorRole, required: ActorRole): boolean {
  return roleRank(actual) >= roleRank(required);
}

export type Actor =
  | { kind: "visitor"; role: "visitor"; userId: null }
  | { kind: "user"; role: Role; userId: string; email: string; name: string; blockedEntityIds?: readonly string[] };

export const VISITOR: Actor = { kind: "visitor", role: "visitor", userId: null };

export function isSignedIn(actor: Actor): actor is Extract<Actor, { kind: "user" }> {
  return actor.kind === "user";
}
