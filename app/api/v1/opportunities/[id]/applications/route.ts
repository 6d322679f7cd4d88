import { ApplyInput } from "@/src/modules/opportunities/inputs";
import { applyToOpportunity, listApplications } from "@/src/modules/opportunities/service";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const POST = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "subscriber");
    const { id } = (await params) as { id: string };
    return json(await applyToOpportunity(ctx, { ...(await parseBody(req, ApplyInput.omit({ opportunityId: true }))), opportunityId: id }), 201);
  },
  { module: "opportunities" },
);

export const GET = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "subscriber");
    return json(await listApplications(ctx, ((await params) as { id: string }).id));
  },
  { module: "opportunities" },
);
