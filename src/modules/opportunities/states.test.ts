import { describe, expect, it } from "vitest";
import { allowedMoves, assertTransition, OPPORTUNITY_STATUSES, TRANSITIONS, type Mover } from "./states";

const ALL: Mover[] = ["owner", "admin", "system"];

describe("opportunity state table", () => {
  it("has the lifecycle the product promises", () => {
    expect(allowedMoves("draft", ALL).sort()).toEqual(["archived", "pending"]);
    expect(allowedMoves("pending", ALL).sort()).toEqual(["active", "draft", "rejected"]);
    expect(allowedMoves("active", ALL).sort()).toEqual(["closed", "draft", "expired", "pending"]);
    expect(allowedMoves("rejected", ALL).sort()).toEqual(["archived", "draft"]);
    expect(allowedMoves("closed", ALL)).toEqual(["archived"]);
    expect(allowedMoves("expired", ALL)).toEqual(["archived"]);
    expect(allowedMoves("archived", ALL)).toEqual([]);
  });

  it("only admins (or the system) approve, only admins reject", () => {
    expect(allowedMoves("pending", ["owner"])).not.toContain("active");
    expect(allowedMoves("pending", ["owner"])).not.toContain("rejected");
    expect(allowedMoves("pending", ["system"])).toEqual(["active"]);
    expect(allowedMoves("pending", ["admin"])).toContain("rejected");
  });

  it("every move not in the table is a 409 conflict, for every pair of statuses", () => {
    for (const from of OPPORTUNITY_STATUSES) {
      for (const to of OPPORTUNITY_STATUSES) {
        const listed = Boolean(TRANSITIONS[from][to]?.length);
        if (listed) expect(() => assertTransition(from, to, ALL)).not.toThrow();
        else expect(() => assertTransition(from, to, ALL), `${from} -> ${to}`).toThrowError(expect.objectContaining({ code: "conflict" }));
      }
    }
  });
});
