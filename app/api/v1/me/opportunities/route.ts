import { flattenParams } from "@/src/platform/http/search-params";
import { myOpportunities } from "@/src/modules/opportunities/service";
import { json, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json(await myOpportunities(await requireRole(req, "subscriber"), flattenParams(req.nextUrl.searchParams))), { module: "opportunities" });
