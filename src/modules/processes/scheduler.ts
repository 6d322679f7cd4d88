import { Cron } from "croner";
import type { Db } from "@/src/platform/db/client";
import type { Logger } from "@/src/platform/log/logger";
import { findPipeline, startRun } from "./conductor";
import type { Pipeline } from "./registry";

/** The in-process scheduler (SCHEDULER=internal): one croner job per enabled pipeline. */
export function startScheduler(db: Db, pipelines: readonly Pipeline[], log: Logger): { stop(): void } {
  const jobs: Cron[] = [];
  for (const pipeline of pipelines) {
    try {
      findPipeline(pipelines, pipeline.name);
    } catch {
      continue;
    }
    const job = new Cron(pipeline.schedule, { timezone: pipeline.timezone, protect: true }, async () => {
      // The scheduled second names the tick alike on every instance that fires it.
      const tick = new Date(Math.floor(Date.now() / 1000) * 1000);
      try {
        await startRun(db, pipelines, pipeline.name, { trigger: "schedule", tick });
      } catch (err) {
        log.error({ err, pipeline: pipeline.name }, "scheduled run could not start");
      }
    });
    jobs.push(job);
  }
  return { stop: () => jobs.forEach((j) => j.stop()) };
}
