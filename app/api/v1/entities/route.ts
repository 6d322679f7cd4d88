import { cachedForVisitors, visitorCacheKey } from "@/src/platform/http/micro-cache";
import { flattenParams } from "@/src/platform/http/search-params";
import { CreateEntityInput } from "@/src/modules/entities/inputs";
import { createEntity, listEntities } from "@/src/modules/entities/service";
import { json, parseBody, requestContext, requireRole, route } from "@/src/platform/http/route";

export const GET = route(
  async (req) => {
    const ctx = await requestContext(req);
    const body = await cachedForVisitors(ctx.actor, visitorCacheKey(req.nextUrl), () => listEntities(ctx, flattenParams(req.nextUrl.searchParams)));
    return new Response(body, { headers: { "content-type": "application/json" } });
  },
  { module: "entities" },
);

export const POST = route(
  async (req) => {
    const ctx = await requireRole(req, "subscriber");
    return json(await createEntity(ctx, await parseBody(req, CreateEntityInput)), 201);
  },
  { module: "entities" },
);
