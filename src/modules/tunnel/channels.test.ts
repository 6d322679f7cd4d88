import { describe, expect, it } from "vitest";
import type { Actor } from "@/src/platform/auth/roles";
import { mayReceive, subscribeDenial } from "./channels";

const visitor: Actor = { kind: "visitor", role: "visitor", userId: null };
const member: Actor = { kind: "user", role: "member", userId: "u1", email: "m@x", name: "M" };
const admin: Actor = { kind: "user", role: "admin", userId: "a1", email: "a@x", name: "A" };

describe("tunnel channel rules", () => {
  it("discovery is open to everyone, the admin channel to admins, a user channel to its user only", () => {
    expect(subscribeDenial(visitor, "discovery:opportunities")).toBeNull();
    expect(subscribeDenial(visitor, "discovery:entities")).toBeNull();
    expect(subscribeDenial(visitor, "admin")?.code).toBe("unauthenticated");
    expect(subscribeDenial(member, "admin")?.code).toBe("forbidden");
    expect(subscribeDenial(admin, "admin")).toBeNull();
    expect(subscribeDenial(member, "user:u1")).toBeNull();
    expect(subscribeDenial(member, "user:u2")?.code).toBe("forbidden");
    expect(subscribeDenial(admin, "user:u1")?.code).toBe("forbidden");
    expect(subscribeDenial(visitor, "user:u1")?.code).toBe("unauthenticated");
  });

  it("unknown or malformed channel names are unknown, whoever asks", () => {
    for (const name of ["discovery:secrets", "user:", "user:a b", "user:" + "x".repeat(65), "ADMIN", ""]) {
      expect(subscribeDenial(admin, name)?.code).toBe("unknown_channel");
    }
  });

  it("a message with an access snapshot reaches only those who may view the resource", () => {
    const confidential = { visibility: "confidential" as const, ownerId: "someone", live: true, entityId: null };
    expect(mayReceive(member, confidential)).toBe(false);
    expect(mayReceive(admin, confidential)).toBe(true);
    expect(mayReceive(member, { ...confidential, ownerId: "u1" })).toBe(true);
    expect(mayReceive(visitor, null)).toBe(true);
  });
});
