import { cachedForVisitors, visitorCacheKey } from "@/src/platform/http/micro-cache";
import { flattenParams } from "@/src/platform/http/search-params";
import { CreateOpportunityInput } from "@/src/modules/opportunities/inputs";
import { createOpportunity, listOpportunities } from "@/src/modules/opportunities/service";
import { json, parseBody, requestContext, requireRole, route } from "@/src/platform/http/route";

export const GET = route(
  async (req) => {
    const ctx = await requestContext(req);
    const body = await cachedForVisitors(ctx.actor, visitorCacheKey(req.nextUrl), () => listOpportunities(ctx, flattenParams(req.nextUrl.searchParams)));
    return new Response(body, { headers: { "content-type": "application/json" } });
  },
  { module: "opportunities" },
);

export const POST = route(
  async (req) => {
    const ctx = await requireRole(req, "subscriber");
    return json(await createOpportunity(ctx, await parseBody(req, CreateOpportunityInput)), 201);
  },
  { module: "opportunities" },
);
