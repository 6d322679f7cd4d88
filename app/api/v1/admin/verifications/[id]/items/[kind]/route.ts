import { decideItem, ItemDecisionInput } from "@/src/modules/verification/service";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const POST = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "admin");
    const { id, kind } = (await params) as { id: string; kind: string };
    return json(await decideItem(ctx, id, kind, await parseBody(req, ItemDecisionInput)));
  },
  { module: "verification" },
);
