import { describe, expect, it } from "vitest";
import { VISITOR, type Actor } from "../auth/roles";
import { budgetKey } from "./limit-key";

const member: Actor = { kind: "user", userId: "u-1", role: "member", email: "m@example.org", name: "M" };

describe("budgetKey", () => {
  it("a verified caller's API calls spend the user's budget, from any address", () => {
    expect(budgetKey("api", member, "198.51.100.1")).toBe("user:u-1");
    expect(budgetKey("api", member, "203.0.113.5")).toBe("user:u-1");
  });

  it("visitors and unverifiable tokens spend their address's budget", () => {
    expect(budgetKey("api", VISITOR, "198.51.100.1")).toBe("ip:198.51.100.1");
    expect(budgetKey("api", null, "198.51.100.1")).toBe("ip:198.51.100.1");
  });

  it("sign-in and sign-up attempts are counted per address even when signed in", () => {
    expect(budgetKey("auth", member, "198.51.100.1")).toBe("ip:198.51.100.1");
  });

});
