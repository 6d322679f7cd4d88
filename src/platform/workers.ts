import type { Env } from "./config/env";
import type { Database } from "./db/client";
import { startConsumerLoop, type ConsumerLoop } from "./events/consumer";
import { registeredEventHandlers, setOutboxKick } from "./events/registry";
import type { Logger } from "./log/logger";
import { releaseHeldEmails, sendPendingEmails } from "./mail/outbox";
import { createTransport } from "./mail/transport";
import { startPollLoop } from "./poll-loop";
import { setRerankKick } from "@/src/modules/matcher/llm/kick";
import { advanceJobs, setGenerativeJobKick } from "@/src/modules/generative/jobs";
import { rerankPendingRuns } from "@/src/modules/matcher/llm/worker";

export interface Workers {
  outbox: ConsumerLoop;
  stop(): Promise<void>;
}

/** PGlite has no autovacuum daemon: refresh planner statistics at start and every 15 minutes. */
const ANALYZE_EVERY_MS = 15 * 60_000;

/** Background work of one app process: the event outbox consumer and the mail sender. */
export async function startWorkers(database: Database, e: Env, log: Logger): Promise<Workers> {
  const outbox = startConsumerLoop(database.db, registeredEventHandlers, log.child({ worker: "outbox" }), e.OUTBOX_POLL_MS);
  setOutboxKick(outbox.kick);
  const rerankLog = log.child({ worker: "rerank" });
  const rerank = startPollLoop(() => rerankPendingRuns(database.db, e, rerankLog), 2_000, rerankLog, "rerank");
  setRerankKick(rerank.kick);
  const jobsLog = log.child({ worker: "generative-jobs" });
  const generativeJobs = startPollLoop(() => advanceJobs(database.db, new Date(), jobsLog), e.GENERATIVE_JOB_POLL_MS, jobsLog, "generative jobs");
  setGenerativeJobKick(generativeJobs.kick);
  const transport = createTransport(e);
  let mailTimer: NodeJS.Timeout | undefined;
  let mailStopped = false;
  let mailRun: Promise<unknown> = Promise.resolve();
  // The loop runs without the ring's SMTP too: mail channels may bring their own.
  if (transport) await releaseHeldEmails(database.db);
  const mailLog = log.child({ worker: "mail" });
  const mailLoop = () => {
    mailRun = sendPendingEmails(database.db, transport, e.MAIL_FROM, mailLog)
      .catch((err) => mailLog.error({ err }, "mail pass failed"))
      .finally(() => {
        if (!mailStopped) mailTimer = setTimeout(mailLoop, 1000);
      });
  };
  mailLoop();
  let analyzeTimer: NodeJS.Timeout | undefined;
  if (database.kind === "pglite") {
    const analyze = () => database.raw("analyze").catch((err) => log.warn({ err }, "analyze failed"));
    void analyze();
    analyzeTimer = setInterval(analyze, ANALYZE_EVERY_MS);
    analyzeTimer.unref();
  }
  return {
    outbox,
    async stop() {
      clearInterval(analyzeTimer);
      setOutboxKick(undefined);
      setRerankKick(undefined);
      setGenerativeJobKick(undefined);
      await rerank.stop();
      await generativeJobs.stop();
      mailStopped = true;
      clearTimeout(mailTimer);
      await outbox.stop();
      await mailRun;
      transport?.close();
    },
  };
}
