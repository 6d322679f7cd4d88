import { DecisionInput } from "@/src/modules/opportunities/inputs";
import { decideOpportunity } from "@/src/modules/opportunities/service";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const POST = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "admin");
    const { id } = (await params) as { id: string };
    return json(await decideOpportunity(ctx, { ...(await parseBody(req, DecisionInput.omit({ id: true }))), id }));
  },
  { module: "opportunities" },
);
