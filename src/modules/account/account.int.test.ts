import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auth } from "@/src/platform/auth/auth";
import { account, apikey, session, user } from "@/src/platform/auth/schema";
import { auditLog } from "@/src/modules/audit/schema";
import { entities } from "@/src/modules/entities/schema";
import { updateProfile } from "@/src/modules/members/service";
import { memberProfiles } from "@/src/modules/members/schema";
import { reports } from "@/src/modules/moderation/schema";
import { notify } from "@/src/modules/notifications/service";
import { notifications } from "@/src/modules/notifications/schema";
import { applications, opportunities } from "@/src/modules/opportunities/schema";
import { balanceOf, ledgerInvariants, PLATFORM, post, userAccount } from "@/src/modules/payments/ledger";
import { paymentTransactions } from "@/src/modules/payments/schema";
import { actorOf, ctxFor, insertEntity, insertOpportunity } from "@/tests/support/factories";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { listMyApiKeys, revokeMyApiKey } from "./api-keys";
import { deleteMyAccount } from "./delete-account";
import { deletedEmail, DELETED_NAME } from "./erase";
import { exportMyData } from "./export";
import { changeMyPassword } from "./password";
import { listMySessions, revokeMySession } from "./sessions";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.destroy());

const PASSWORD = "correct-horse-1";

/** A member signed up through Better Auth: a password, a session (its bearer headers) and an API key. */
async function signedUpMember(label: string, role: "subscriber" | "member" | "admin" = "member") {
  const email = `${label}-${randomBytes(4).toString("hex")}@test.local`;
  const { token, user: created } = await auth({ requireEmailVerification: false }).api.signUpEmail({ body: { email, password: PASSWORD, name: `Name ${label}` } });
  await t.db.update(user).set({ role, emailVerified: true }).where(eq(user.id, created.id));
  const [row] = await t.db.select().from(user).where(eq(user.id, created.id));
  const key = await auth().api.createApiKey({ body: { name: `key of ${label}`, userId: created.id } });
  return { row, email, ctx: ctxFor(t.db, actorOf(row)), headers: new Headers({ authorization: `Bearer ${token}` }), token: token!, key };
}

/** The member's own data, each piece carrying `canary` so an export can be searched for it. */
async function seedLife(member: Awaited<ReturnType<typeof signedUpMember>>, canary: string, other: { id: string; listingId: string }) {
  await updateProfile(member.ctx, { headline: `headline ${canary}`, bio: `bio ${canary}`, skills: [`skill-${canary}`], categories: ["technology"] });
  const org = await insertEntity(t.db, member.row.id, { name: `Org ${canary}`, contactEmail: `contact-${canary}@test.local` });
  const listing = await insertOpportunity(t.db, member.row.id, { title: "Plain listing title", description: `listing ${canary}` });
  await t.db.insert(applications).values({ opportunityId: other.listingId, applicantId: member.row.id, message: `application ${canary}` });
  await t.db.transaction((tx) => notify(tx, { userId: member.row.id, type: "report_resolved", link: null, data: { name: `note ${canary}`, outcome: "dismissed" }, dedupeKey: canary }));
  await t.db.insert(reports).values({ targetType: "entity", targetId: crypto.randomUUID(), reporterId: member.row.id, category: "spam", reason: `report ${canary}` });
  await t.db.insert(paymentTransactions).values({ userId: member.row.id, purpose: "credits", provider: "stripe", amountMinor: 5000, currency: "USD", status: "succeeded", providerRef: `cs_${canary}` });
  await t.db.transaction((tx) => post(tx, [{ account: PLATFORM.grants, amount: -50 }, { account: userAccount(member.row.id), amount: 50 }], `grant ${canary}`));
  await t.db.transaction((tx) => post(tx, [{ account: userAccount(member.row.id), amount: -20 }, { account: PLATFORM.spent, amount: 20 }], `spend ${canary}`));
  return { org, listing };
}

describe(`account safety (${process.env.RINGLET_TEST_DB})`, () => {
  it("the export holds the caller's own data and nothing of another member's, and no secret", async () => {
    const olena = await signedUpMember("olena");
    const taras = await signedUpMember("taras");
    const olenaListing = await insertOpportunity(t.db, olena.row.id, { title: "Olena's open call" });
    const tarasListing = await insertOpportunity(t.db, taras.row.id, { title: "Taras's open call" });
    await seedLife(olena, "OLENA-CANARY", { id: taras.row.id, listingId: tarasListing.id });
    await seedLife(taras, "TARAS-CANARY", { id: olena.row.id, listingId: olenaListing.id });

    const exported = await exportMyData(olena.ctx);
    const text = JSON.stringify(exported);

    expect(exported.account).toMatchObject({ id: olena.row.id, email: olena.email });
    expect(exported.profile.headline).toBe("headline OLENA-CANARY");
    expect(exported.organisations.map((o) => o.name)).toEqual(["Org OLENA-CANARY"]);
    expect(exported.applications.map((a) => a.message)).toEqual(["application OLENA-CANARY"]);
    expect(exported.notifications).toHaveLength(1);
    expect(exported.reports.map((r) => r.reason)).toEqual(["report OLENA-CANARY"]);
    expect(exported.transactions.map((p) => p.providerRef)).toEqual(["cs_OLENA-CANARY"]);
    expect(exported.credits).toMatchObject({ balance: 30 });
    expect(exported.credits.entries.map((e) => e.amount).sort()).toEqual([-20, 50]);
    expect(exported.security.sessions).toHaveLength(1);
    expect(exported.security.apiKeys).toEqual([expect.objectContaining({ id: olena.key.id, start: olena.key.start })]);

    // Taras applied to Olena's listing: his message is his, not hers.
    expect(text).not.toContain("TARAS-CANARY");
    expect(text).not.toContain(taras.email);
    expect(text).not.toContain(taras.row.id);
    const [storedSession] = await t.db.select().from(session).where(eq(session.userId, olena.row.id));
    const [storedKey] = await t.db.select().from(apikey).where(eq(apikey.referenceId, olena.row.id));
    const [credential] = await t.db.select().from(account).where(eq(account.userId, olena.row.id));
    for (const secret of [storedSession.token, storedKey.key, olena.key.key, credential.password!]) expect(text).not.toContain(secret);
  });

  it("lists the caller's keys and sessions without secrets; another member's key or session is not_found", async () => {
    const owner = await signedUpMember("keys");
    const stranger = await signedUpMember("stranger");
    const keys = await listMyApiKeys(owner.ctx, owner.headers);
    expect(keys.items).toEqual([expect.objectContaining({ id: owner.key.id, name: "key of keys", start: owner.key.start, lastUsedAt: null })]);
    expect(JSON.stringify(keys)).not.toContain(owner.key.key);
    const sessions = await listMySessions(owner.ctx, owner.headers);
    expect(sessions.items).toEqual([expect.objectContaining({ current: true })]);
    expect(JSON.stringify(sessions)).not.toContain(owner.token);

    await expect(revokeMyApiKey(stranger.ctx, stranger.headers, owner.key.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(revokeMySession(stranger.ctx, stranger.headers, sessions.items[0].id)).rejects.toMatchObject({ code: "not_found" });
    await expect(revokeMyApiKey(owner.ctx, owner.headers, "not-a-uuid")).rejects.toMatchObject({ code: "not_found" });
    expect(await t.db.select().from(apikey).where(eq(apikey.referenceId, owner.row.id))).toHaveLength(1);

    await revokeMyApiKey(owner.ctx, owner.headers, owner.key.id);
    expect((await listMyApiKeys(owner.ctx, owner.headers)).items).toEqual([]);
  });

  it("an API key cannot manage keys, sessions, the password or the account", async () => {
    const member = await signedUpMember("by-key");
    const byKey = new Headers({ authorization: `Bearer ${member.key.key}` });
    await expect(listMyApiKeys(member.ctx, byKey)).rejects.toMatchObject({ code: "forbidden" });
    await expect(listMySessions(member.ctx, byKey)).rejects.toMatchObject({ code: "forbidden" });
    await expect(changeMyPassword(member.ctx, byKey, { currentPassword: PASSWORD, newPassword: "another-pass-1" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(deleteMyAccount(member.ctx, byKey, { password: PASSWORD })).rejects.toMatchObject({ code: "forbidden" });
    const [row] = await t.db.select().from(user).where(eq(user.id, member.row.id));
    expect(row.email).toBe(member.email);
  });

  it("a wrong current password is a 400 on currentPassword; the right one changes it", async () => {
    const member = await signedUpMember("password");
    await expect(changeMyPassword(member.ctx, member.headers, { currentPassword: "wrong-password", newPassword: "brand-new-pass-1" })).rejects.toMatchObject({
      code: "validation_failed",
      fields: { currentPassword: "Incorrect password" },
    });
    await expect(changeMyPassword(member.ctx, member.headers, { currentPassword: PASSWORD, newPassword: "short" })).rejects.toMatchObject({ name: "ZodError" });
    const changed = await changeMyPassword(member.ctx, member.headers, { currentPassword: PASSWORD, newPassword: "brand-new-pass-1" });
    expect(changed.body).toEqual({ revokedOtherSessions: false, token: null });
    await expect(auth().api.signInEmail({ body: { email: member.email, password: PASSWORD } })).rejects.toMatchObject({ statusCode: 401 });
    expect((await auth().api.signInEmail({ body: { email: member.email, password: "brand-new-pass-1" } })).token).toBeTruthy();
  });

  it("deleting the account anonymises the member, hides what they published, keeps the ledger balanced, and signing in fails", async () => {
    const leaving = await signedUpMember("leaving");
    const staying = await signedUpMember("staying");
    const stayingListing = await insertOpportunity(t.db, staying.row.id, { title: "Staying's call" });
    const { org, listing } = await seedLife(leaving, "LEAVING-CANARY", { id: staying.row.id, listingId: stayingListing.id });
    const balanceBefore = await balanceOf(t.db, userAccount(leaving.row.id));

    await expect(deleteMyAccount(leaving.ctx, leaving.headers, { password: "wrong-password" })).rejects.toMatchObject({ code: "validation_failed", fields: { password: "Incorrect password" } });
    expect((await t.db.select().from(user).where(eq(user.id, leaving.row.id)))[0].email).toBe(leaving.email);

    await deleteMyAccount(leaving.ctx, leaving.headers, { password: PASSWORD });

    const [row] = await t.db.select().from(user).where(eq(user.id, leaving.row.id));
    expect(row).toMatchObject({ name: DELETED_NAME, email: deletedEmail(leaving.row.id), role: "subscriber", image: null });
    expect(await t.db.select().from(memberProfiles).where(eq(memberProfiles.userId, leaving.row.id))).toEqual([]);
    expect(await t.db.select().from(notifications).where(eq(notifications.userId, leaving.row.id))).toEqual([]);
    for (const table of [session, account]) expect(await t.db.select().from(table).where(eq(table.userId, leaving.row.id))).toEqual([]);
    expect(await t.db.select().from(apikey).where(eq(apikey.referenceId, leaving.row.id))).toEqual([]);
    expect((await t.db.select().from(entities).where(eq(entities.id, org.id)))[0]).toMatchObject({ status: "hidden", contactEmail: null });
    expect((await t.db.select().from(opportunities).where(eq(opportunities.id, listing.id)))[0].status).toBe("closed");
    expect((await t.db.select().from(applications).where(eq(applications.applicantId, leaving.row.id)))[0]).toMatchObject({ status: "withdrawn", message: "" });
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.targetId, leaving.row.id));
    expect(audits.map((a) => a.action)).toContain("user.deleted");
    expect(JSON.stringify(audits)).not.toContain(leaving.email);

    // Money stays, tied to the anonymous account: the books balance and nothing moved.
    expect(await t.db.select().from(paymentTransactions).where(eq(paymentTransactions.userId, leaving.row.id))).toHaveLength(1);
    expect(await balanceOf(t.db, userAccount(leaving.row.id))).toBe(balanceBefore);
    expect(await ledgerInvariants(t.db)).toEqual({ unbalancedPostings: 0, mismatchedBalances: 0 });

    await expect(auth().api.signInEmail({ body: { email: leaving.email, password: PASSWORD } })).rejects.toMatchObject({ statusCode: 401 });
    expect(await auth().api.getSession({ headers: leaving.headers })).toBeNull();
    // Later events reach no one: the anonymous account gets no notification.
    await t.db.transaction((tx) => notify(tx, { userId: leaving.row.id, type: "report_resolved", link: null, data: { name: "x", outcome: "dismissed" }, dedupeKey: "after" }));
    expect(await t.db.select().from(notifications).where(eq(notifications.userId, leaving.row.id))).toEqual([]);
  });

  it("the only admin cannot delete their account and nothing changes; beside another admin they can", async () => {
    const admin = await signedUpMember("only-admin", "admin");
    await expect(deleteMyAccount(admin.ctx, admin.headers, { password: PASSWORD })).rejects.toMatchObject({ code: "conflict" });
    const [row] = await t.db.select().from(user).where(eq(user.id, admin.row.id));
    expect(row).toMatchObject({ email: admin.email, role: "admin" });
    expect(await t.db.select().from(session).where(eq(session.userId, admin.row.id))).toHaveLength(1);

    await signedUpMember("second-admin", "admin");
    await deleteMyAccount(admin.ctx, admin.headers, { password: PASSWORD });
    expect((await t.db.select().from(user).where(eq(user.id, admin.row.id)))[0]).toMatchObject({ role: "subscriber", name: DELETED_NAME });
  });
});
