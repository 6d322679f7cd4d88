import { flattenParams } from "@/src/platform/http/search-params";
import { CreateOpportunityInput } from "@/src/modules/opportunities/inputs";
import { createOpportunity, listOpportunities } from "@/src/modules/opportunities/service";
import { json, parseBody, requestContext, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json(await listOpportunities(await requestContext(req), flattenParams(req.nextUrl.searchParams))), { module: "opportunities" });

export const POST = route(
  async (req) => {
    const ctx = await requireRole(req, "subscriber");
    return json(await createOpportunity(ctx, await parseBody(req, CreateOpportunityInput)), 201);
  },
  { module: "opportunities" },
);
