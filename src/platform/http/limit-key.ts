import type { Actor } from "../auth/roles";

/**
 * Whose budget a call spends: for API calls a verified user's (session or API key, so all of a user's
 * keys share one), else the client address. Never a value the caller writes: an unverifiable token
 * spends its address's budget.
 */
export function budgetKey(kind: "auth" | "api", verified: Actor | null, clientAddress: string): string {
  return kind === "api" && verified?.kind === "user" ? `user:${verified.userId}` : `ip:${clientAddress}`;
}
