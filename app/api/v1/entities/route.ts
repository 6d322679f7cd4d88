import { flattenParams } from "@/src/platform/http/search-params";
import { CreateEntityInput } from "@/src/modules/entities/inputs";
import { createEntity, listEntities } from "@/src/modules/entities/service";
import { json, parseBody, requestContext, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json(await listEntities(await requestContext(req), flattenParams(req.nextUrl.searchParams))), { module: "entities" });

export const POST = route(
  async (req) => {
    const ctx = await requireRole(req, "subscriber");
    return json(await createEntity(ctx, await parseBody(req, CreateEntityInput)), 201);
  },
  { module: "entities" },
);
