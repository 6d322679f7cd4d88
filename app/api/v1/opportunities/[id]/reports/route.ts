import { reportOpportunity, ReportInput } from "@/src/modules/moderation/reports";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const POST = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "subscriber");
    const { id } = (await params) as { id: string };
    return json(await reportOpportunity(ctx, id, await parseBody(req, ReportInput)), 201);
  },
  { module: "moderation" },
);
