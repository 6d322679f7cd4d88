import { eq } from "drizzle-orm";
import { user } from "@/src/platform/auth/schema";
import type { EventHandler, EventRow } from "@/src/platform/events/consumer";
import { applications, opportunities } from "@/src/modules/opportunities/schema";
import { getVisibleOpportunity } from "@/src/modules/opportunities/service";
import type { Role } from "@/src/platform/auth/roles";
import type { Db } from "@/src/platform/db/client";
import { notify } from "./service";

async function actorFor(db: Db, userId: string) {
  const [row] = await db.select().from(user).where(eq(user.id, userId));
  return row ? { kind: "user" as const, userId: row.id, role: row.role as Role, email: row.email, name: row.name } : null;
}

/** Authors hear about review outcomes of their listings. */
export const reviewOutcomeNotifications: EventHandler = {
  name: "notifications.review-outcome",
  types: ["opportunity.status_changed"],
  async handle(db, event: EventRow) {
    const { from, to, note } = event.payload as { from?: string; to?: string; note?: string | null };
    if (from !== "pending" || (to !== "active" && to !== "rejected")) return;
    const [listing] = await db.select().from(opportunities).where(eq(opportunities.id, event.aggregateId));
    if (!listing || listing.authorId === event.actorId) return;
    const autoApproved = to === "active" && event.actorId === null;
    await notify(db, {
      userId: listing.authorId,
      type: autoApproved ? "opportunity_auto_approved" : to === "active" ? "opportunity_approved" : "opportunity_rejected",
      link: `/opportunities/${listing.id}`,
      data: { title: listing.title, note: note ?? "", opportunityId: listing.id },
      dedupeKey: `event:${event.id}`,
    });
  },
};

/** Authors hear about new applications; applicants about decisions on theirs (if they can still see the listing). */
export const applicationNotifications: EventHandler = {
  name: "notifications.applications",
  types: ["application.created", "application.updated"],
  async handle(db, event: EventRow) {
    const [application] = await db.select().from(applications).where(eq(applications.id, event.aggregateId));
    if (!application) return;
    const [listing] = await db.select().from(opportunities).where(eq(opportunities.id, application.opportunityId));
    if (!listing) return;
    if (event.type === "application.created") {
      const [applicant] = await db.select({ name: user.name }).from(user).where(eq(user.id, application.applicantId));
      await notify(db, {
        userId: listing.authorId,
        type: "application_received",
        link: `/opportunities/${listing.id}/applications`,
        data: { title: listing.title, applicant: applicant?.name ?? "", opportunityId: listing.id },
        dedupeKey: `event:${event.id}`,
      });
      return;
    }
    const applicant = await actorFor(db, application.applicantId);
    if (!applicant) return;
    const visible = await getVisibleOpportunity(db, applicant, listing.id).then(
      () => true,
      () => false,
    );
    if (!visible) return;
    await notify(db, {
      userId: application.applicantId,
      type: "application_updated",
      link: `/opportunities/${listing.id}`,
      data: { title: listing.title, status: application.status, opportunityId: listing.id },
      dedupeKey: `event:${event.id}`,
    });
  },
};
