import { decideVerification, DecisionInput } from "@/src/modules/verification/service";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const POST = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "admin");
    return json(await decideVerification(ctx, ((await params) as { id: string }).id, await parseBody(req, DecisionInput)));
  },
  { module: "verification" },
);
