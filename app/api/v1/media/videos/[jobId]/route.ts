import { getVideoJob } from "@/src/modules/generative/jobs";
import { json, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req, { params }) => json(await getVideoJob(await requireRole(req, "subscriber"), ((await params) as { jobId: string }).jobId)), { module: "generative" });
