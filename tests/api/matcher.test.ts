import { describe, expect, it } from "vitest";
import { activeListing, call, eventually, signInAdmin, userWithRole } from "../support/http";

describe("matcher API", () => {
  it("a member whose skills match hears about a newly approved listing; the author sees counts only; admins see the table", async () => {
    const fan = await userWithRole("member", "match-fan");
    await call("/api/v1/me/profile", { method: "PUT", token: fan.token, body: { headline: "Solidity auditor", skills: ["Solidity", "security audit", "Ethereum"], categories: ["smart_contracts"], remote: true, languages: ["en"] } });
    const author = await userWithRole("member", "match-author");
    const listing = await activeListing(author.token, { title: "Audit our Solidity token contract", description: "Security audit of an Ethereum token before launch", category: "smart_contracts", skills: ["Solidity", "security audit"], remote: true });

    const note = await eventually(async () => (await call("/api/v1/me/notifications", { token: fan.token })).body.items.find((n: any) => n.type === "opportunity_matched"));
    expect(note.link).toBe(`/opportunities/${listing.id}`);
    expect(note.body).toContain("2 of 2 skills");

    const ownerView = await call(`/api/v1/opportunities/${listing.id}/matches`, { token: author.token });
    expect(ownerView.status).toBe(200);
    expect(ownerView.body.total).toBeGreaterThanOrEqual(1);
    expect(ownerView.body.items).toBeUndefined();
    expect(JSON.stringify(ownerView.body)).not.toContain(fan.id);

    const adminView = await call(`/api/v1/opportunities/${listing.id}/matches`, { token: await signInAdmin() });
    const row = adminView.body.items.find((m: any) => m.userId === fan.id);
    expect(row).toMatchObject({ explanation: expect.stringContaining("Solidity") });
    expect(row.notifiedAt).not.toBeNull();

    const stranger = await userWithRole("member", "match-stranger");
    expect((await call(`/api/v1/opportunities/${listing.id}/matches`, { token: stranger.token })).status).toBe(404);

    const why = `/api/v1/opportunities/${listing.id}/matches/${fan.id}`;
    expect((await call(why, { token: fan.token })).body.breakdown).toBeTruthy();
    const notApplied = await call(why, { token: author.token });
    expect(notApplied.status).toBe(404);
    expect(JSON.stringify(notApplied.body)).not.toContain("Solidity");
    expect((await call(why, { token: stranger.token })).status).toBe(404);
    expect((await call(`/api/v1/opportunities/${listing.id}/applications`, { token: fan.token, body: { message: "I audit Solidity contracts for a living" } })).status).toBe(201);
    expect((await call(why, { token: author.token })).body.explanation).toContain("Solidity");

    const rerun = await call(`/api/v1/admin/opportunities/${listing.id}/rematch`, { token: await signInAdmin(), body: {} });
    expect(rerun.body.notified).toBe(0);

    const analytics = await call("/api/v1/admin/matcher/analytics", { token: await signInAdmin() });
    expect(analytics.body["24h"].runs).toBeGreaterThanOrEqual(2);
    expect(analytics.body["24h"].notified).toBeGreaterThanOrEqual(1);
    expect(analytics.body["30d"].runs).toBeGreaterThanOrEqual(analytics.body["24h"].runs);
    expect((await call("/api/v1/admin/matcher/analytics", { token: fan.token })).status).toBe(403);
  });

  it("the admin queue shows the best match and why a listing was not auto-approved", async () => {
    const author = await userWithRole("member", "queue-author");
    const created = await call("/api/v1/opportunities", { token: author.token, body: { title: "Pending for matching", description: "Wait in the queue with a reason", type: "request", category: "technology" } });
    const queue = await eventually(async () => {
      const q = await call("/api/v1/admin/opportunities", { token: await signInAdmin() });
      return q.body.items.find((i: any) => i.id === created.body.id && i.autoApprovalReason);
    });
    expect(queue.autoApprovalReason).toBe("auto_approve_disabled");
  });
});
