import { DomainError } from "@/src/platform/http/errors";

export const OPPORTUNITY_STATUSES = ["draft", "pending", "active", "rejected", "closed", "expired", "archived"] as const;
export type OpportunityStatus = (typeof OPPORTUNITY_STATUSES)[number];

/** Who may make a move: the listing's owner, an admin, or the system (expiry job, auto-approval). */
export type Mover = "owner" | "admin" | "system";

/**
 * The lifecycle as data: from -> to -> who may do it. Anything not listed is a 409.
 * An owner's edit of title, description or category of an active listing is the `active -> pending` move.
 */
export const TRANSITIONS: Record<OpportunityStatus, Partial<Record<OpportunityStatus, readonly Mover[]>>> = {
  draft: { pending: ["owner", "admin"], archived: ["owner", "admin"] },
  pending: { active: ["admin", "system"], rejected: ["admin"], draft: ["owner", "admin"] },
  active: { closed: ["owner", "admin"], expired: ["admin", "system"], draft: ["owner", "admin"], pending: ["owner", "system"] },
  rejected: { draft: ["owner", "admin"], archived: ["owner", "admin"] },
  closed: { archived: ["owner", "admin"] },
  expired: { archived: ["owner", "admin"] },
  archived: {},
};

export function allowedMoves(from: OpportunityStatus, movers: readonly Mover[]): OpportunityStatus[] {
  return (Object.entries(TRANSITIONS[from]) as [OpportunityStatus, readonly Mover[]][])
    .filter(([, who]) => who.some((w) => movers.includes(w)))
    .map(([to]) => to);
}

/** Throws 409 `conflict` unless one of `movers` may move a listing from `from` to `to`. */
export function assertTransition(from: OpportunityStatus, to: OpportunityStatus, movers: readonly Mover[]): void {
  if (!allowedMoves(from, movers).includes(to)) {
    throw new DomainError("conflict", `A listing cannot go from ${from} to ${to}`, { status: `Not allowed from ${from}` });
  }
}
