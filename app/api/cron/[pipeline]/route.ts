import { startRun } from "@/src/modules/processes/conductor";
import { assertCronSecret } from "@/src/modules/processes/cron-auth";
import { PIPELINES } from "@/src/modules/processes/pipelines";
import { env } from "@/src/platform/config/env";
import { db } from "@/src/platform/db/client";
import { DomainError } from "@/src/platform/http/errors";
import { json, route } from "@/src/platform/http/route";

/** For external schedulers (Kubernetes CronJob, Vercel cron): starts a run and answers at once. */
const handler = route(
  async (req, { params }) => {
    assertCronSecret(req.headers.get("authorization"), env().CRON_SECRET);
    const { pipeline } = (await params) as { pipeline: string };
    const started = await startRun(db(), PIPELINES, pipeline, { trigger: "cron_route" });
    if (started.status === "skipped") throw new DomainError("already_running", `${pipeline} is already running`);
    return json({ runId: started.runId, status: started.status });
  },
  { module: "processes", limit: "none" },
);

export const GET = handler;
export const POST = handler;
