import { listPipelines } from "@/src/modules/processes/service";
import { json, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json(await listPipelines(await requireRole(req, "admin"))), { module: "processes" });
