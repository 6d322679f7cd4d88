import { UpdateOpportunityInput } from "@/src/modules/opportunities/inputs";
import { deleteOpportunity, getOpportunityDetail, updateOpportunity } from "@/src/modules/opportunities/service";
import { json, noContent, parseBody, requestContext, requireRole, route } from "@/src/platform/http/route";

type P = Promise<{ id: string }>;

export const GET = route(async (req, { params }) => json(await getOpportunityDetail(await requestContext(req), (await (params as P)).id)), { module: "opportunities" });

export const PATCH = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "subscriber");
    const { id } = await (params as P);
    return json(await updateOpportunity(ctx, { ...(await parseBody(req, UpdateOpportunityInput.omit({ id: true }))), id }));
  },
  { module: "opportunities" },
);

export const DELETE = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "subscriber");
    await deleteOpportunity(ctx, (await (params as P)).id);
    return noContent();
  },
  { module: "opportunities" },
);
