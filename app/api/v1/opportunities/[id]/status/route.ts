import { ChangeStatusInput } from "@/src/modules/opportunities/inputs";
import { changeOpportunityStatus } from "@/src/modules/opportunities/service";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const POST = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "subscriber");
    const { id } = (await params) as { id: string };
    return json(await changeOpportunityStatus(ctx, { ...(await parseBody(req, ChangeStatusInput.omit({ id: true }))), id }));
  },
  { module: "opportunities" },
);
