import { beforeEach, describe, expect, it } from "vitest";
import { cacheEpoch, cachedActor, cachedCredential, clearActorCache, credentialKey, evictUsers, invalidateActors, rememberActor, rememberCredential, setActorInvalidationBroadcast } from "./actor-cache";

const actor = (userId: string, role: "member" | "subscriber" = "member") => ({ kind: "user" as const, userId, role, email: `${userId}@x.test`, name: userId, blockedEntityIds: [] });
const later = Date.now() + 60_000;

describe("the actor cache", () => {
  beforeEach(() => {
    clearActorCache();
    setActorInvalidationBroadcast(undefined);
  });

  it("keys credentials by a hash, never the secret, and separates bearer from cookie", () => {
    const bearer = credentialKey("bearer", "secret-token");
    expect(bearer).not.toContain("secret-token");
    expect(bearer).not.toBe(credentialKey("cookie", "secret-token"));
    expect(credentialKey("bearer", "secret-token")).toBe(bearer);
  });

  it("remembers a verified credential until the session itself expires", () => {
    const now = Date.now();
    rememberCredential("k1", "u1", now + 1_000, cacheEpoch());
    expect(cachedCredential("k1", now)).toBe("u1");
    expect(cachedCredential("k1", now + 1_000)).toBeNull();
    expect(cachedCredential("k1", now)).toBeNull();
  });

  it("forgets a user's actor and every credential of theirs, and nobody else's", () => {
    rememberCredential("a1", "alice", later, cacheEpoch());
    rememberCredential("a2", "alice", later, cacheEpoch());
    rememberCredential("b1", "bob", later, cacheEpoch());
    rememberActor(actor("alice"), cacheEpoch());
    rememberActor(actor("bob"), cacheEpoch());
    evictUsers(["alice"]);
    expect(cachedCredential("a1")).toBeNull();
    expect(cachedCredential("a2")).toBeNull();
    expect(cachedActor("alice")).toBeUndefined();
    expect(cachedCredential("b1")).toBe("bob");
    expect(cachedActor("bob")?.role).toBe("member");
  });

  it("does not store what a lookup read before an invalidation (a demotion racing a request)", () => {
    const epoch = cacheEpoch();
    invalidateActors(["alice"]);
    rememberActor(actor("alice", "member"), epoch);
    rememberCredential("a1", "alice", later, epoch);
    expect(cachedActor("alice")).toBeUndefined();
    expect(cachedCredential("a1")).toBeNull();
  });

  it("tells the other instances whom to forget", () => {
    const sent: string[][] = [];
    setActorInvalidationBroadcast((ids) => sent.push(ids));
    invalidateActors(["alice", "bob"]);
    invalidateActors([]);
    expect(sent).toEqual([["alice", "bob"]]);
  });
});
