import { cancelVideoJob } from "@/src/modules/generative/jobs";
import { json, requireRole, route } from "@/src/platform/http/route";

export const POST = route(async (req, { params }) => json(await cancelVideoJob(await requireRole(req, "subscriber"), ((await params) as { jobId: string }).jobId)), { module: "generative" });
