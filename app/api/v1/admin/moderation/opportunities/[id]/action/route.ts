import { moderateOpportunity, OpportunityActionInput } from "@/src/modules/moderation/service";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const POST = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "admin");
    const { id } = (await params) as { id: string };
    return json(await moderateOpportunity(ctx, { ...(await parseBody(req, OpportunityActionInput.omit({ opportunityId: true }))), opportunityId: id }));
  },
  { module: "moderation" },
);
