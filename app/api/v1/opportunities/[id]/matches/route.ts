import { opportunityMatchesView } from "@/src/modules/matcher/service";
import { json, requireRole, route } from "@/src/platform/http/route";

export const GET = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "subscriber");
    return json(await opportunityMatchesView(ctx, ((await params) as { id: string }).id));
  },
  { module: "matcher" },
);
