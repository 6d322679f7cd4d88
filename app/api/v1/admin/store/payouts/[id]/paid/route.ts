import { markPayoutPaid, MarkPaidInput } from "@/src/modules/store/payouts";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const POST = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "admin");
    return json(await markPayoutPaid(ctx, ((await params) as { id: string }).id, await parseBody(req, MarkPaidInput)));
  },
  { module: "store" },
);
