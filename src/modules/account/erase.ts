import { and, eq, sql } from "drizzle-orm";
import { account, apikey, session, user, verification } from "@/src/platform/auth/schema";
import type { Db } from "@/src/platform/db/client";
import { publish } from "@/src/platform/events/publish";
import { audit } from "@/src/modules/audit/service";
import { auditLog } from "@/src/modules/audit/schema";
import { emailContacts } from "@/src/modules/email/schema";
import { entities } from "@/src/modules/entities/schema";
import { opportunityMatches } from "@/src/modules/matcher/schema";
import { changeRole } from "@/src/modules/members/roles";
import { memberProfiles } from "@/src/modules/members/schema";
import { newsroomEditors } from "@/src/modules/newsroom/schema";
import { notificationPreferences, notifications } from "@/src/modules/notifications/schema";
import { NOTIFICATION_TYPES } from "@/src/modules/notifications/types";
import { applications } from "@/src/modules/opportunities/schema";
import { withdrawListingsOf } from "@/src/modules/opportunities/service";
import { storeCartItems } from "@/src/modules/store/schema";

type UserRow = typeof user.$inferSelect;

export const DELETED_NAME = "Deleted member";
/** `.invalid` is reserved (RFC 2606): no mail can reach it, and the id keeps the address unique. */
export const deletedEmail = (userId: string) => `deleted-${userId}@deleted.invalid`;
const NOTE = "The account was deleted by its owner";

/** Organisations leave every list and page (only admins still see them); their contact address goes. */
async function hideOrganisations(tx: Db, member: UserRow, now: Date): Promise<number> {
  const live = await tx.select({ id: entities.id }).from(entities).where(and(eq(entities.ownerId, member.id), eq(entities.status, "active")));
  await tx.update(entities).set({ status: "hidden", contactEmail: null, updatedAt: now }).where(eq(entities.ownerId, member.id));
  for (const e of live) await publish(tx, { type: "entity.hidden", aggregateType: "entity", aggregateId: e.id, actorId: member.id, payload: { note: NOTE } });
  return live.length;
}

/** Open applications are withdrawn and every application's text is erased; authors see a withdrawn, nameless applicant. */
async function withdrawApplications(tx: Db, member: UserRow, now: Date): Promise<void> {
  await tx
    .update(applications)
    .set({ message: "", status: sql`case when ${applications.status} in ('submitted', 'shortlisted') then 'withdrawn' else ${applications.status} end`, updatedAt: now })
    .where(eq(applications.applicantId, member.id));
}

/** Rows that are only about the member and serve no one else once they are gone, sign-in credentials included. */
async function deletePersonalRows(tx: Db, member: UserRow): Promise<void> {
  await tx.delete(memberProfiles).where(eq(memberProfiles.userId, member.id));
  await tx.delete(notifications).where(eq(notifications.userId, member.id));
  await tx.delete(opportunityMatches).where(eq(opportunityMatches.userId, member.id));
  await tx.delete(storeCartItems).where(eq(storeCartItems.userId, member.id));
  await tx.delete(newsroomEditors).where(eq(newsroomEditors.userId, member.id));
  await tx.update(emailContacts).set({ userId: null }).where(eq(emailContacts.userId, member.id));
  // Password-reset tokens hold the user id: one left behind would give the anonymised account a new password.
  await tx.delete(verification).where(eq(verification.value, member.id));
  await tx.delete(apikey).where(eq(apikey.referenceId, member.id));
  await tx.delete(account).where(eq(account.userId, member.id));
  await tx.delete(session).where(eq(session.userId, member.id));
}

/** Every notification type off, in-app and by email: later events (a report resolved, a listing expired) reach no one. */
async function silenceNotifications(tx: Db, member: UserRow, now: Date): Promise<void> {
  const off = { inApp: false, email: false, updatedAt: now };
  await tx
    .insert(notificationPreferences)
    .values(NOTIFICATION_TYPES.map((type) => ({ userId: member.id, type, ...off })))
    .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.type], set: off });
}

/**
 * Erases a member inside the caller's transaction (docs/ACCOUNT.md has the whole table). Personal
 * data is deleted or anonymised, organisations hidden, live listings withdrawn, applications withdrawn
 * and erased, every session, key and password removed. Payments, orders, credits and the ledger stay,
 * tied to the anonymised account row, so the books still balance and other members' orders and
 * payouts keep their history. The last admin is refused (409) before anything changes.
 * Emits `member.account_deleted`.
 */
export async function eraseMember(tx: Db, member: UserRow, now: Date) {
  await changeRole(tx, member, "subscriber", { actorId: member.id, via: "account_deletion" });
  const organisationsHidden = await hideOrganisations(tx, member, now);
  const listingsWithdrawn = await withdrawListingsOf(tx, member.id, member.id, NOTE, now);
  await withdrawApplications(tx, member, now);
  await deletePersonalRows(tx, member);
  await silenceNotifications(tx, member, now);
  // Audit rows about the account keep what happened, not the address it had.
  await tx.update(auditLog).set({ data: sql`${auditLog.data} - 'email'` }).where(and(eq(auditLog.targetType, "user"), eq(auditLog.targetId, member.id)));
  await tx.update(user).set({ name: DELETED_NAME, email: deletedEmail(member.id), emailVerified: false, image: null, updatedAt: now }).where(eq(user.id, member.id));
  const summary = { organisationsHidden, listingsWithdrawn };
  await audit(tx, { actorId: member.id, action: "user.deleted", targetType: "user", targetId: member.id, data: summary });
  await publish(tx, { type: "member.account_deleted", aggregateType: "user", aggregateId: member.id, actorId: member.id, payload: summary });
  return summary;
}
