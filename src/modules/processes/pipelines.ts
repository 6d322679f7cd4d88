import { and, isNotNull, lt } from "drizzle-orm";
import { events } from "@/src/platform/events/schema";
import { expireOpportunities } from "@/src/modules/opportunities/service";
import { DEFAULT_POLICY, type Pipeline } from "./registry";
import { processRuns } from "./schema";

const DAY = 86_400_000;

/** Every pipeline of the app. Modules add theirs here; a disabled module's pipelines never run. */
export const PIPELINES: Pipeline[] = [
  {
    name: "opportunity-expiry",
    description: "Moves active listings past their deadline to expired.",
    schedule: "*/15 * * * *",
    module: "opportunities",
    ...DEFAULT_POLICY,
    handler: async ({ db, now }) => ({ expired: await expireOpportunities(db, now()) }),
  },
  {
    name: "outbox-cleanup",
    description: "Deletes delivered outbox events older than 7 days.",
    schedule: "30 3 * * *",
    module: "platform",
    ...DEFAULT_POLICY,
    handler: async ({ db, now }) => {
      const deleted = await db
        .delete(events)
        .where(and(isNotNull(events.processedAt), lt(events.processedAt, new Date(now().getTime() - 7 * DAY))))
        .returning({ id: events.id });
      return { deleted: deleted.length };
    },
  },
  {
    name: "process-ledger-retention",
    description: "Deletes pipeline runs older than 90 days.",
    schedule: "45 3 * * *",
    module: "processes",
    ...DEFAULT_POLICY,
    handler: async ({ db, now }) => {
      const deleted = await db.delete(processRuns).where(lt(processRuns.startedAt, new Date(now().getTime() - 90 * DAY))).returning({ id: processRuns.id });
      return { deleted: deleted.length };
    },
  },
];
