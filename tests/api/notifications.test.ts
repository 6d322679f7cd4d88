import { describe, expect, it } from "vitest";
import { activeListing, call, eventually, signInAdmin, signUpUser } from "../support/http";

const notificationsOf = async (token: string, query = "") => (await call(`/api/v1/me/notifications${query}`, { token })).body;

describe("notifications API", () => {
  it("the author is told when an admin approves or rejects, in their language", async () => {
    const author = await signUpUser("notif-author");
    const listing = await activeListing(author.token, { title: "Notify me on approval" });
    const approved = await eventually(async () => (await notificationsOf(author.token)).items.find((n: any) => n.type === "opportunity_approved"));
    expect(approved).toMatchObject({ title: "Your listing is live: Notify me on approval", link: `/opportunities/${listing.id}`, readAt: null });

    const created = await call("/api/v1/opportunities", { token: author.token, body: { title: "Reject me", description: "This one will be rejected", type: "request", category: "other" } });
    await call(`/api/v1/admin/opportunities/${created.body.id}/decision`, { token: await signInAdmin(), body: { decision: "reject", note: "Needs a budget" } });
    const rejected = await eventually(async () => (await notificationsOf(author.token, "?locale=uk")).items.find((n: any) => n.type === "opportunity_rejected"));
    expect(rejected).toMatchObject({ title: "Ваше оголошення не схвалено: Reject me", body: "Needs a budget" });
  });

  it("applications notify the author, and decisions notify the applicant", async () => {
    const author = await signUpUser("notif-author2");
    const applicant = await signUpUser("notif-applicant");
    const listing = await activeListing(author.token, { title: "Apply and be notified" });
    const app = await call(`/api/v1/opportunities/${listing.id}/applications`, { token: applicant.token, body: { message: "I would like to apply for this" } });
    await eventually(async () => (await notificationsOf(author.token)).items.find((n: any) => n.type === "application_received"));
    await call(`/api/v1/applications/${app.body.id}`, { method: "PATCH", token: author.token, body: { status: "declined" } });
    const decided = await eventually(async () => (await notificationsOf(applicant.token)).items.find((n: any) => n.type === "application_updated"));
    expect(decided.body).toContain("declined");
  });

  it("mark one read, then all; unread filter and count follow", async () => {
    const author = await signUpUser("notif-read");
    await activeListing(author.token, { title: "One" });
    await activeListing(author.token, { title: "Two" });
    const both = await eventually(async () => {
      const list = await notificationsOf(author.token);
      return list.items.length >= 2 ? list : null;
    });
    expect(both.unreadCount).toBe(2);
    expect((await call("/api/v1/me/notifications/read", { token: author.token, body: { ids: [both.items[0].id] } })).status).toBe(204);
    expect((await notificationsOf(author.token, "?unread=true")).items).toHaveLength(1);
    await call("/api/v1/me/notifications/read", { token: author.token, body: { all: true } });
    expect((await notificationsOf(author.token)).unreadCount).toBe(0);
    expect((await call("/api/v1/me/notifications/read", { token: author.token, body: { ids: ["nope"] } })).status).toBe(400);
    expect((await call("/api/v1/me/notifications")).status).toBe(401);
  });
});

describe("notification preferences", () => {
  it("members read and change their channels per type; bad input is 400", async () => {
    const u = await signUpUser("prefs");
    const prefs = await call("/api/v1/me/notification-preferences", { token: u.token });
    expect(prefs.body.items.find((i: any) => i.type === "application_received")).toEqual({ type: "application_received", inApp: true, email: true });
    const changed = await call("/api/v1/me/notification-preferences", { method: "PUT", token: u.token, body: { items: [{ type: "opportunity_matched", inApp: false, email: true }] } });
    expect(changed.body.items.find((i: any) => i.type === "opportunity_matched")).toEqual({ type: "opportunity_matched", inApp: false, email: true });
    expect((await call("/api/v1/me/notification-preferences", { method: "PUT", token: u.token, body: { items: [{ type: "nope", inApp: true, email: true }] } })).status).toBe(400);
    expect((await call("/api/v1/notifications/unsubscribe", { body: { u: u.id, t: "opportunity_matched", s: "forged" } })).status).toBe(400);
  });
});
