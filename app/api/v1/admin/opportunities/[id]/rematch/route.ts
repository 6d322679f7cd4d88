import { rerunMatcher } from "@/src/modules/matcher/service";
import { json, requireRole, route } from "@/src/platform/http/route";

export const POST = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "admin");
    return json(await rerunMatcher(ctx, ((await params) as { id: string }).id));
  },
  { module: "matcher" },
);
