import { UpdateEntityInput } from "@/src/modules/entities/inputs";
import { deleteEntity, getEntity, updateEntity } from "@/src/modules/entities/service";
import { json, noContent, parseBody, requestContext, requireRole, route } from "@/src/platform/http/route";

type P = { params: Promise<{ id: string }> };

export const GET = route(async (req, { params }) => json(await getEntity(await requestContext(req), (await (params as P["params"])).id)), { module: "entities" });

export const PATCH = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "subscriber");
    const { id } = await (params as P["params"]);
    const body = await parseBody(req, UpdateEntityInput.omit({ id: true }));
    return json(await updateEntity(ctx, { ...body, id }));
  },
  { module: "entities" },
);

export const DELETE = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "subscriber");
    await deleteEntity(ctx, (await (params as P["params"])).id);
    return noContent();
  },
  { module: "entities" },
);
