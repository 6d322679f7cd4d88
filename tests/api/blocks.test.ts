import { describe, expect, it } from "vitest";
import { activeListing, call, userWithRole } from "../support/http";

describe("personal blocks", () => {
  it("a blocked organisation, its page and its listings vanish for the blocker only, until unblocked", async () => {
    const owner = await userWithRole("member", "block-owner");
    const org = await call("/api/v1/entities", { token: owner.token, body: { name: "Noisy Org", type: "other", description: "Posts too much" } });
    const listing = await activeListing(owner.token, { title: "Noisy listing", type: "offer", entityId: org.body.id });
    const me = await userWithRole("member", "blocker");
    const other = await userWithRole("member", "bystander");

    expect((await call("/api/v1/me/blocked-entities", { token: me.token, body: { entityId: org.body.id } })).status).toBe(204);
    expect((await call("/api/v1/me/blocked-entities", { token: me.token, body: { entityId: org.body.id } })).status).toBe(204);
    expect((await call("/api/v1/me", { token: me.token })).body.blockedEntityIds).toEqual([org.body.id]);

    expect((await call(`/api/v1/entities/${org.body.id}`, { token: me.token })).status).toBe(404);
    expect((await call(`/api/v1/opportunities/${listing.id}`, { token: me.token })).status).toBe(404);
    const browse = await call("/api/v1/opportunities?q=noisy", { token: me.token });
    expect(browse.body.items.map((i: any) => i.id)).not.toContain(listing.id);
    const page = await call(`/entities/${org.body.id}`, { headers: { authorization: `Bearer ${me.token}` } });
    expect(page.status).toBe(404);

    expect((await call(`/api/v1/entities/${org.body.id}`, { token: other.token })).status).toBe(200);
    expect((await call(`/api/v1/opportunities/${listing.id}`, { token: other.token })).status).toBe(200);

    expect((await call(`/api/v1/me/blocked-entities/${org.body.id}`, { method: "DELETE", token: me.token })).status).toBe(204);
    expect((await call(`/api/v1/entities/${org.body.id}`, { token: me.token })).status).toBe(200);
  });

  it("you cannot block your own organisation, nor one you cannot see", async () => {
    const owner = await userWithRole("confidential", "block-self");
    const mine = await call("/api/v1/entities", { token: owner.token, body: { name: "Mine", type: "other", description: "My own" } });
    expect((await call("/api/v1/me/blocked-entities", { token: owner.token, body: { entityId: mine.body.id } })).status).toBe(409);
    const secret = await call("/api/v1/entities", { token: owner.token, body: { name: "Secret", type: "other", description: "Hidden", visibility: "confidential" } });
    const member = await userWithRole("member", "block-low");
    expect((await call("/api/v1/me/blocked-entities", { token: member.token, body: { entityId: secret.body.id } })).status).toBe(404);
    expect((await call("/api/v1/me/blocked-entities", { token: member.token, body: { entityId: "nope" } })).status).toBe(400);
  });
});
