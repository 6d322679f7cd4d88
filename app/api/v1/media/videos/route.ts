import { listVideoJobs, startVideoJob, VideoInput } from "@/src/modules/generative/jobs";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json({ items: await listVideoJobs(await requireRole(req, "member")) }), { module: "generative" });

export const POST = route(async (req) => json(await startVideoJob(await requireRole(req, "member"), await parseBody(req, VideoInput)), 202), { module: "generative" });
