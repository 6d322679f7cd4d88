import { describe, expect, it } from "vitest";
import { activeListing, call, eventually, signInAdmin, signUpUser, userWithRole } from "../support/http";

async function organisation(token: string, name = `Reported org ${Date.now()}`) {
  const res = await call("/api/v1/entities", { token, body: { name, type: "other", description: "An organisation for moderation tests" } });
  expect(res.status).toBe(201);
  return res.body as { id: string; name: string };
}

const REASON = "They ask members for money up front";

async function action(id: string, body: Record<string, unknown>) {
  return call(`/api/v1/admin/moderation/entities/${id}/action`, { token: await signInAdmin(), body });
}

async function queueItem(id: string) {
  const queue = await call("/api/v1/admin/moderation/queue", { token: await signInAdmin() });
  expect(queue.status).toBe(200);
  return (queue.body.items as { subject: { id: string; type: string }; reportCount: number; reporterCount: number; severity: number; appeal: unknown }[]).find((i) => i.subject.id === id);
}

describe("reports", () => {
  it("validate category and reason, refuse one's own organisation and a second open report, and change nothing when refused", async () => {
    const owner = await userWithRole("member", "mod-owner");
    const org = await organisation(owner.token);
    const reporter = await signUpUser("mod-reporter");
    const url = `/api/v1/entities/${org.id}/reports`;
    expect((await call(url, { body: { category: "fraud", reason: REASON } })).status).toBe(401);
    const bad = await call(url, { token: reporter.token, body: { category: "rude", reason: "short" } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(expect.arrayContaining(["category", "reason"]));
    expect((await call(url, { token: owner.token, body: { category: "fraud", reason: REASON } })).status).toBe(403);
    expect(await queueItem(org.id)).toBeUndefined();

    const first = await call(url, { token: reporter.token, body: { category: "fraud", reason: REASON } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ targetType: "entity", targetId: org.id, category: "fraud", status: "open" });
    expect((await call(url, { token: reporter.token, body: { category: "spam", reason: REASON } })).status).toBe(409);
    expect(await queueItem(org.id)).toMatchObject({ reportCount: 1, reporterCount: 1, severity: 4 });
    expect((await call(`/api/v1/entities/00000000-0000-4000-8000-000000000000/reports`, { token: reporter.token, body: { category: "fraud", reason: REASON } })).status).toBe(404);
  });

  it("counts listing reports against the listing's organisation and ranks by severity per distinct reporter", async () => {
    const owner = await userWithRole("member", "mod-owner2");
    const org = await organisation(owner.token);
    const listing = await activeListing(owner.token, { title: "Too good to be true", entityId: org.id });
    const a = await signUpUser("mod-a");
    const b = await signUpUser("mod-b");
    expect((await call(`/api/v1/opportunities/${listing.id}/reports`, { token: a.token, body: { category: "illegal", reason: REASON } })).status).toBe(201);
    expect((await call(`/api/v1/entities/${org.id}/reports`, { token: a.token, body: { category: "spam", reason: REASON } })).status).toBe(201);
    expect((await call(`/api/v1/entities/${org.id}/reports`, { token: b.token, body: { category: "spam", reason: REASON } })).status).toBe(201);
    // a: gravest is illegal (5), b: spam (1).
    expect(await queueItem(org.id)).toMatchObject({ reportCount: 3, reporterCount: 2, severity: 6 });
  });

  it("dismissing closes the reports and tells each reporter; nothing left to dismiss is a 409", async () => {
    const owner = await userWithRole("member", "mod-owner3");
    const org = await organisation(owner.token);
    const reporter = await signUpUser("mod-dismiss");
    await call(`/api/v1/entities/${org.id}/reports`, { token: reporter.token, body: { category: "other", reason: REASON } });
    expect((await action(org.id, { action: "dismiss" })).status).toBe(400);
    expect((await action(org.id, { action: "dismiss", note: "Looks fine" })).status).toBe(200);
    expect(await queueItem(org.id)).toBeUndefined();
    expect((await action(org.id, { action: "dismiss", note: "again" })).status).toBe(409);
    const told = await eventually(async () => {
      const n = (await call("/api/v1/me/notifications", { token: reporter.token })).body.items.find((i: { type: string }) => i.type === "report_resolved");
      return n ?? null;
    });
    expect(told.title).toContain(org.name);
    expect(told.body).toContain("nothing to act on");
  });
});

describe("auto-hide threshold", () => {
  it("reporters count towards MODERATION_AUTO_HIDE_REPORTERS only once their account is old enough (unverified ones never: service.int.test.ts)", async () => {
    const admin = await signInAdmin();
    const settings = (body: Record<string, number>) => call("/api/v1/admin/settings", { method: "PATCH", token: admin, body });
    expect((await settings({ MODERATION_AUTO_HIDE_REPORTERS: 2, MODERATION_REPORTER_MIN_AGE_DAYS: 7 })).status).toBe(200);
    try {
      const owner = await userWithRole("member", "mod-auto");
      const [a, b] = [await signUpUser("mod-auto-a"), await signUpUser("mod-auto-b")];
      const reportBoth = async (orgId: string) => {
        for (const reporter of [a, b]) expect((await call(`/api/v1/entities/${orgId}/reports`, { token: reporter.token, body: { category: "spam", reason: REASON } })).status).toBe(201);
      };
      const young = await organisation(owner.token, `Young reporters org ${Date.now()}`);
      await reportBoth(young.id);
      expect((await call(`/api/v1/entities/${young.id}`, { token: a.token })).status).toBe(200);
      expect(await queueItem(young.id)).toMatchObject({ reporterCount: 2 });

      expect((await settings({ MODERATION_REPORTER_MIN_AGE_DAYS: 0 })).status).toBe(200);
      const reported = await organisation(owner.token, `Old enough reporters org ${Date.now()}`);
      await reportBoth(reported.id);
      expect((await call(`/api/v1/entities/${reported.id}`, { token: a.token })).status).toBe(404);
    } finally {
      await settings({ MODERATION_AUTO_HIDE_REPORTERS: 0, MODERATION_REPORTER_MIN_AGE_DAYS: 7 });
    }
  });
});

describe("reports on a listing without an organisation", () => {
  it("form their own queue item; hiding withdraws the listing and tells the reporter", async () => {
    const author = await userWithRole("member", "mod-lister");
    const listing = await activeListing(author.token, { title: "Send us your card number" });
    const reporter = await signUpUser("mod-lr");
    expect((await call(`/api/v1/opportunities/${listing.id}/reports`, { token: reporter.token, body: { category: "fraud", reason: REASON } })).status).toBe(201);
    expect(await queueItem(listing.id)).toMatchObject({ subject: { type: "opportunity" }, reportCount: 1, severity: 4 });
    const admin = await signInAdmin();
    const hidden = await call(`/api/v1/admin/moderation/opportunities/${listing.id}/action`, { token: admin, body: { action: "hide", note: "Phishing" } });
    expect(hidden.status).toBe(200);
    expect(hidden.body.status).toBe("closed");
    expect((await call(`/api/v1/opportunities/${listing.id}`, { token: reporter.token })).status).toBe(404);
    expect(await queueItem(listing.id)).toBeUndefined();
    expect((await call(`/api/v1/admin/moderation/opportunities/${listing.id}/action`, { token: admin, body: { action: "hide", note: "again" } })).status).toBe(409);
    const told = await eventually(async () => (await call("/api/v1/me/notifications", { token: reporter.token })).body.items.find((i: { type: string }) => i.type === "report_resolved") ?? null);
    expect(told.title).toContain("Send us your card number");
  });
});

describe("hiding, appeals and suspension", () => {
  it("hide -> the owner is told and appeals once -> the appeal is queued -> restore overturns it, finally", async () => {
    const owner = await userWithRole("member", "mod-appellant");
    const org = await organisation(owner.token);
    const reporter = await signUpUser("mod-r");
    await call(`/api/v1/entities/${org.id}/reports`, { token: reporter.token, body: { category: "impersonation", reason: REASON } });
    expect((await call(`/api/v1/entities/${org.id}/appeal`, { token: owner.token, body: { message: "We are who we say we are" } })).status).toBe(409);
    expect((await action(org.id, { action: "hide", note: "Impersonates a bank" })).status).toBe(200);
    expect((await action(org.id, { action: "hide", note: "again" })).status).toBe(409);
    expect((await call(`/api/v1/entities/${org.id}`, { token: reporter.token })).status).toBe(404);

    const other = await signUpUser("mod-stranger");
    expect((await call(`/api/v1/entities/${org.id}/appeal`, { token: other.token, body: { message: "Not my organisation at all" } })).status).toBe(404);
    expect((await call(`/api/v1/entities/${org.id}/appeal`, { token: owner.token, body: { message: "short" } })).status).toBe(400);
    const appeal = await call(`/api/v1/entities/${org.id}/appeal`, { token: owner.token, body: { message: "We are who we say we are: see our registry entry" } });
    expect(appeal.status).toBe(201);
    expect((await call(`/api/v1/entities/${org.id}/appeal`, { token: owner.token, body: { message: "Please look again, really" } })).status).toBe(409);
    expect(await queueItem(org.id)).toMatchObject({ appeal: { id: appeal.body.id } });

    expect((await action(org.id, { action: "restore", note: "Registry checked" })).status).toBe(200);
    expect((await call(`/api/v1/entities/${org.id}`, { token: reporter.token })).status).toBe(200);
    const decided = await call(`/api/v1/entities/${org.id}/appeal`, { token: owner.token });
    expect(decided.body.appeal).toMatchObject({ status: "overturned", note: "Registry checked" });
    const notes = await eventually(async () => {
      const items = (await call("/api/v1/me/notifications", { token: owner.token })).body.items as { type: string }[];
      return items.some((i) => i.type === "appeal_decided") && items.some((i) => i.type === "entity_hidden") ? items : null;
    });
    expect(notes.length).toBeGreaterThanOrEqual(2);
  });

  it("suspending the owner ends their sessions, hides their organisations and withdraws their listings", async () => {
    const owner = await userWithRole("member", "mod-suspended");
    const org = await organisation(owner.token);
    const listing = await activeListing(owner.token, { title: "Listing of a soon suspended member" });
    expect((await action(org.id, { action: "suspend_owner", note: "Fraud ring" })).status).toBe(200);
    expect((await call("/api/v1/me", { token: owner.token })).status).toBe(401);
    expect((await call(`/api/v1/entities/${org.id}`)).status).toBe(404);
    expect((await call(`/api/v1/opportunities/${listing.id}`)).status).toBe(404);
    const signIn = await call("/api/v1/auth/sign-in", { body: { email: owner.email, password: owner.password } });
    expect(signIn.status).toBeGreaterThanOrEqual(400);
  });

  it("an admin lifts a suspension: sign-in works again, withdrawn listings return, organisations stay hidden; twice changes nothing", async () => {
    const owner = await userWithRole("member", "mod-unsuspended");
    const org = await organisation(owner.token);
    const listing = await activeListing(owner.token, { title: "Listing of a member suspended by mistake" });
    expect((await action(org.id, { action: "suspend_owner", note: "Mistaken identity" })).status).toBe(200);
    const url = `/api/v1/admin/users/${owner.id}/unsuspend`;
    expect((await call(url, { method: "POST", token: (await userWithRole("member", "mod-unsuspender")).token })).status).toBe(403);
    expect((await call(`/api/v1/opportunities/${listing.id}`)).status).toBe(404);

    const lifted = await call(url, { token: await signInAdmin(), body: { note: "Cleared after review" } });
    expect(lifted.status).toBe(200);
    expect(lifted.body).toMatchObject({ changed: true, listingsRestored: 1, suspendedAt: null });
    expect((await call(`/api/v1/opportunities/${listing.id}`)).body.status).toBe("active");
    expect((await call(`/api/v1/entities/${org.id}`)).status).toBe(404);
    expect((await call("/api/v1/auth/sign-in", { body: { email: owner.email, password: owner.password } })).status).toBe(200);

    const again = await call(url, { method: "POST", token: await signInAdmin() });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ changed: false, listingsRestored: 0 });
    expect((await call(`/api/v1/admin/users/not-a-user/unsuspend`, { method: "POST", token: await signInAdmin() })).status).toBe(404);
  });

  it("only admins act and see the queue", async () => {
    const member = await userWithRole("member", "mod-nosy");
    expect((await call("/api/v1/admin/moderation/queue", { token: member.token })).status).toBe(403);
    const org = await organisation(member.token);
    expect((await call(`/api/v1/admin/moderation/entities/${org.id}/action`, { token: member.token, body: { action: "hide", note: "x" } })).status).toBe(403);
  });
});
