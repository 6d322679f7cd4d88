import { describe, expect, it } from "vitest";
import { ROLE_LADDER, type Actor } from "../auth/roles";
import { canView, VISIBILITIES } from "./visibility";

const actorOf = (role: (typeof ROLE_LADDER)[number], userId = "u1"): Actor =>
  role === "visitor" ? { kind: "visitor", role, userId: null } : { kind: "user", role, userId, email: "x@y.z", name: "X" };

describe("canView ladder", () => {
  // role x visibility x live x ownership, all 5 * 4 * 2 * 2 combinations
  const expected = (role: string, visibility: string, live: boolean, owner: boolean) => {
    if (role === "admin") return true;
    if (owner && role !== "visitor") return true;
    if (!live) return false;
    const rank = { visitor: 0, subscriber: 1, member: 2, confidential: 3 }[role]!;
    const need = { public: 0, subscriber: 1, member: 2, confidential: 3 }[visibility]!;
    return rank >= need;
  };
  for (const role of ROLE_LADDER)
    for (const visibility of VISIBILITIES)
      for (const live of [true, false])
        for (const owner of [true, false]) {
          const want = expected(role, visibility, live, owner);
          it(`${role} ${want ? "sees" : "does not see"} a ${live ? "live" : "not-live"} ${visibility} resource${owner ? " they own" : ""}`, () => {
            expect(canView(actorOf(role), { visibility, live, ownerId: owner ? "u1" : "someone-else" })).toBe(want);
          });
        }
});
