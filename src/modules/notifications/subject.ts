import { eq, inArray, sql, type SQL } from "drizzle-orm";
import { canView } from "@/src/platform/access/visibility";
import type { Actor, Role } from "@/src/platform/auth/roles";
import { user } from "@/src/platform/auth/schema";
import type { Db } from "@/src/platform/db/client";
import { entities } from "@/src/modules/entities/schema";
import { entityViewable, entityVisibleWhere } from "@/src/modules/entities/service";
import { memberProfiles } from "@/src/modules/members/schema";
import { opportunities } from "@/src/modules/opportunities/schema";
import { opportunityViewable, opportunityVisibleWhere } from "@/src/modules/opportunities/service";
import { notifications } from "./schema";

/**
 * A notification is about what its link opens: a listing (`/opportunities/<id>...`) or an
 * organisation (`/entities/<id>...`). It is sent, counted and listed only while its reader may
 * `canView` that subject, so hiding, withdrawing, tightening visibility or a personal block takes it
 * out of the bell and the list, and keeps it from being sent at all. Links to anything else (the
 * reader's own orders, admin pages, none) have no subject to check.
 */
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const SUBJECT_LINKS = {
  opportunity: { prefix: "/opportunities/", pattern: new RegExp(`^/opportunities/(${UUID})(?:[/?#]|$)`) },
  entity: { prefix: "/entities/", pattern: new RegExp(`^/entities/(${UUID})(?:[/?#]|$)`) },
} as const;

type Subject = { type: keyof typeof SUBJECT_LINKS; id: string };

export function subjectOfLink(link: string | null): Subject | null {
  if (!link) return null;
  for (const type of Object.keys(SUBJECT_LINKS) as Subject["type"][]) {
    const id = SUBJECT_LINKS[type].pattern.exec(link)?.[1];
    if (id) return { type, id };
  }
  return null;
}

const linkMatches = (type: Subject["type"]) => sql`${notifications.link} ~ ${SUBJECT_LINKS[type].pattern.source}`;
const linkedId = (type: Subject["type"]) => sql`substring(${notifications.link} from ${SUBJECT_LINKS[type].prefix.length + 1} for 36)::uuid`;

/** The rule above as SQL over `notifications`, for lists and counts (the cast runs only on links the pattern matched). */
export function subjectVisibleWhere(reader: Actor): SQL {
  return sql`(case
    when ${linkMatches("opportunity")} then exists (select 1 from ${opportunities} where ${opportunities.id} = ${linkedId("opportunity")} and ${opportunityVisibleWhere(reader)})
    when ${linkMatches("entity")} then exists (select 1 from ${entities} where ${entities.id} = ${linkedId("entity")} and ${entityVisibleWhere(reader)})
    else true end)`;
}

/** The accounts as readers (role and personal blocks), for checks made on their behalf. */
export async function readersOf(db: Db, userIds: readonly string[]): Promise<Map<string, Actor>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .select({ id: user.id, role: user.role, email: user.email, name: user.name, blocked: memberProfiles.blockedEntityIds })
    .from(user)
    .leftJoin(memberProfiles, eq(memberProfiles.userId, user.id))
    .where(inArray(user.id, [...new Set(userIds)]));
  return new Map(rows.map((r) => [r.id, { kind: "user", userId: r.id, role: r.role as Role, email: r.email, name: r.name, blockedEntityIds: r.blocked ?? [] } satisfies Actor]));
}

/** The send-time half of the rule: keeps the notifications whose recipient may see their subject now. */
export async function keepVisibleToRecipients<T extends { userId: string; link: string | null }>(db: Db, inputs: T[]): Promise<T[]> {
  const subjects = inputs.map((i) => subjectOfLink(i.link));
  if (subjects.every((s) => s === null)) return inputs;
  const ids = (type: Subject["type"]) => [...new Set(subjects.filter((s) => s?.type === type).map((s) => s!.id))];
  const listingRows = ids("opportunity").length
    ? await db.select({ row: opportunities, entityStatus: entities.status }).from(opportunities).leftJoin(entities, eq(entities.id, opportunities.entityId)).where(inArray(opportunities.id, ids("opportunity")))
    : [];
  const entityRows = ids("entity").length ? await db.select().from(entities).where(inArray(entities.id, ids("entity"))) : [];
  const readers = await readersOf(db, inputs.map((i) => i.userId));
  const viewable = new Map([
    ...listingRows.map((l) => [`opportunity:${l.row.id}`, opportunityViewable(l.row, l.entityStatus ? { status: l.entityStatus } : null)] as const),
    ...entityRows.map((e) => [`entity:${e.id}`, entityViewable(e)] as const),
  ]);
  return inputs.filter((input, n) => {
    const subject = subjects[n];
    if (!subject) return true;
    const resource = viewable.get(`${subject.type}:${subject.id}`);
    const reader = readers.get(input.userId);
    return Boolean(resource && reader && canView(reader, resource));
  });
}
