import { listRuns } from "@/src/modules/processes/service";
import { json, requireRole, route } from "@/src/platform/http/route";
import { flattenParams } from "@/src/platform/http/search-params";

export const GET = route(async (req) => json(await listRuns(await requireRole(req, "admin"), flattenParams(req.nextUrl.searchParams))), { module: "processes" });
