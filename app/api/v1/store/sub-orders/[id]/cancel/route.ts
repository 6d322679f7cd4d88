import { CancelInput, cancelSubOrder } from "@/src/modules/store/cancel";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const POST = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "subscriber");
    return json(await cancelSubOrder(ctx, ((await params) as { id: string }).id, await parseBody(req, CancelInput)));
  },
  { module: "store" },
);
