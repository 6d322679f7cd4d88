import type { Env } from "@/src/platform/config/env";
import type { Db } from "@/src/platform/db/client";
import type { Logger } from "@/src/platform/log/logger";
import { classifyWithModel } from "./ai-classify";
import { improveDrafts } from "./ai-drafts";
import { pollAllChannels } from "./channels";

/**
 * The `email-processor` pipeline: reads every mailbox, then has the text model classify what came
 * in (polled or pushed), then drafts replies. A mailbox that fails does not stop the model's work
 * on the mail already here; the run still fails afterwards, naming it.
 */
export async function runEmailProcessor(db: Db, e: Env, log: Logger, now: Date) {
  let mailboxes: Awaited<ReturnType<typeof pollAllChannels>> | null = null;
  let pollFailure: unknown = null;
  try {
    mailboxes = await pollAllChannels(db, e, log, now);
  } catch (error) {
    pollFailure = error;
  }
  const classification = await classifyWithModel(db, log, now, e);
  const drafts = await improveDrafts(db, log, now, e);
  if (pollFailure) throw pollFailure;
  return { mailboxes, classification, drafts };
}
