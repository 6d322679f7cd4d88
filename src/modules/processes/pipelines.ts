import { Cron } from "croner";
import { and, isNotNull, lt } from "drizzle-orm";
import { z } from "zod";
import { events } from "@/src/platform/events/schema";
import { sendMatchDigests } from "@/src/modules/matcher/digest";
import { expireOpportunities } from "@/src/modules/opportunities/service";
import { DEFAULT_POLICY, type Pipeline } from "./registry";
import { processRuns } from "./schema";
import { pruneTunnelMessages } from "@/src/modules/tunnel/retention";
import { expireMemberships } from "@/src/modules/payments/expiry";
import { reconcilePayments } from "@/src/modules/payments/reconcile";
import { expireReservations } from "@/src/modules/store/expiry";
import { runEmailAnalytics } from "@/src/modules/email/analytics";
import { runEmailProcessor } from "@/src/modules/email/processor";
import { env } from "@/src/platform/config/env";
import { draftWeeklyDigest } from "@/src/modules/newsroom/digest";
import { publishDue } from "@/src/modules/newsroom/service";
import { logger } from "@/src/platform/log/logger";
import { advanceJobs } from "@/src/modules/generative/jobs";
import { runPayouts } from "@/src/modules/store/payouts";
import { purgeAuthMail } from "@/src/platform/mail/auth-mail-retention";

const DAY = 86_400_000;

/** Every pipeline of the app. Modules add theirs here; a disabled module's pipelines never run. */
const REGISTRY: Pipeline[] = [
  {
    name: "opportunity-expiry",
    description: "Moves active listings past their deadline to expired.",
    schedule: "*/15 * * * *",
    module: "opportunities",
    ...DEFAULT_POLICY,
    handler: async ({ db, now }) => ({ expired: await expireOpportunities(db, now()) }),
  },
  {
    name: "matcher-digest",
    description: "Sends each member one daily digest of strong matches the daily cap held back.",
    schedule: "0 7 * * *",
    module: "matcher",
    ...DEFAULT_POLICY,
    handler: async ({ db, now }) => sendMatchDigests(db, now()),
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
    name: "auth-mail-retention",
    description: "Deletes sent sign-in, password-reset and verification mails older than AUTH_MAIL_RETENTION_HOURS, and unsent ones whose link has expired.",
    schedule: "10 * * * *",
    module: "platform",
    ...DEFAULT_POLICY,
    handler: async ({ db, now }) => purgeAuthMail(db, now()),
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
  {
    name: "membership-expiry",
    description: "Ends paid memberships past their date: the member role goes back to subscriber, and the member is told.",
    schedule: "5 * * * *",
    module: "payments",
    ...DEFAULT_POLICY,
    handler: async ({ db, now }) => expireMemberships(db, now()),
  },
  {
    name: "payments-reconcile",
    description: "Checks payments still open after PAYMENTS_RECONCILE_AFTER_MINUTES with their provider: settles them, or expires them after PAYMENTS_PENDING_EXPIRY_HOURS; retries open refunds.",
    schedule: "*/10 * * * *",
    module: "payments",
    ...DEFAULT_POLICY,
    handler: async ({ db, now }) => reconcilePayments(db, now()),
  },
  {
    name: "store-reservations",
    description: "Cancels orders still unpaid when their reservation (STORE_RESERVATION_MINUTES) runs out, after asking their payment provider, and releases the stock.",
    schedule: "*/5 * * * *",
    module: "store",
    ...DEFAULT_POLICY,
    handler: async ({ db, now }) => expireReservations(db, now()),
  },
  {
    name: "settlement-payouts",
    description: "Groups vendors' settlement lines past their hold into payout batches (one per STORE_PAYOUT_PERIOD_DAYS); pays vendors who take credits.",
    schedule: "30 2 * * *",
    module: "store",
    ...DEFAULT_POLICY,
    handler: async ({ db, now }) => runPayouts(db, now()),
  },
  {
    name: "email-analytics",
    description: "Counts the inbox per day: volume, intents, sentiment, holds, escalations, draft approvals and edits, median first-response time.",
    schedule: "20 * * * *",
    module: "email-crm",
    ...DEFAULT_POLICY,
    handler: async ({ db, now }) => runEmailAnalytics(db, now()),
  },
  {
    name: "email-processor",
    description: "Reads new mail from every mailbox (EMAIL_IMAP_URL and the channels admins added; above the last UID seen, each message once, what cannot be read quarantined), has the text provider classify new mail (a suspected injection holds it; escalates what the rules missed), then rewrites waiting template replies with the knowledge base (auto-sending whitelisted intents when enabled). Without a provider the rules and templates stay.",
    schedule: "*/5 * * * *",
    module: "email-crm",
    ...DEFAULT_POLICY,
    handler: async ({ db, now }) => runEmailProcessor(db, env(), logger().child({ pipeline: "email-processor" }), now()),
  },
  {
    name: "generative-jobs",
    description: "Follows long generations (videos) to their end: starts pending ones at the provider, records progress, stores finished files, expires stuck jobs, tells the requester.",
    schedule: "* * * * *",
    module: "generative",
    ...DEFAULT_POLICY,
    handler: async ({ db, now }) => advanceJobs(db, now(), logger().child({ pipeline: "generative-jobs" })),
  },
  {
    name: "newsroom-publish",
    description: "Publishes scheduled articles whose publish time has come.",
    schedule: "* * * * *",
    module: "newsroom",
    ...DEFAULT_POLICY,
    handler: async ({ db, now }) => publishDue(db, now()),
  },
  {
    name: "newsroom-digest",
    description: "When NEWSROOM_DIGEST is on: drafts a weekly article about the week's new public listings and organisations, for the editors to review.",
    schedule: "0 8 * * 1",
    module: "newsroom",
    ...DEFAULT_POLICY,
    handler: async ({ db, now }) => draftWeeklyDigest(db, now()),
  },
  {
    name: "tunnel-retention",
    description: "Deletes tunnel messages older than TUNNEL_RETENTION_HOURS; clients further behind get a reset.",
    schedule: "7 * * * *",
    module: "tunnel",
    ...DEFAULT_POLICY,
    handler: async ({ db, now }) => ({ deleted: await pruneTunnelMessages(db, now()) }),
  },
];

const Overrides = z.record(z.string(), z.string().min(9).max(100));

/**
 * PIPELINE_SCHEDULES (JSON, e.g. {"outbox-cleanup":"0 4 * * *"}) lets an operator move a schedule
 * without a code change; unknown names or bad cron expressions stop the start with a clear error.
 */
export function withScheduleOverrides(pipelines: Pipeline[], raw = process.env.PIPELINE_SCHEDULES): Pipeline[] {
  if (!raw) return pipelines;
  const overrides = Overrides.parse(JSON.parse(raw));
  for (const [name, schedule] of Object.entries(overrides)) {
    if (!pipelines.some((p) => p.name === name)) throw new Error(`PIPELINE_SCHEDULES: no pipeline named ${name}`);
    try {
      new Cron(schedule, { paused: true });
    } catch (e) {
      throw new Error(`PIPELINE_SCHEDULES: ${name}: ${(e as Error).message}`);
    }
  }
  return pipelines.map((p) => (overrides[p.name] ? { ...p, schedule: overrides[p.name] } : p));
}

export const PIPELINES: Pipeline[] = withScheduleOverrides(REGISTRY);
