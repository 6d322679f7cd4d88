import { describe, expect, it } from "vitest";
import { hasRole, ROLE_LADDER } from "./roles";

describe("role ladder", () => {
  it("orders visitor < subscriber < member < confidential < admin", () => {
    expect(ROLE_LADDER).toEqual(["visitor", "subscriber", "member", "confidential", "admin"]);
  });

  it("a role has every role below it and none above", () => {
    for (const [i, actual] of ROLE_LADDER.entries()) {
      for (const [j, required] of ROLE_LADDER.entries()) {
        expect(hasRole(actual, required), `${actual} >= ${required}`).toBe(i >= j);
      }
    }
  });
});
