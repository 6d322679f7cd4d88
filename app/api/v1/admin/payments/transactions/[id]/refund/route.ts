import { refundTransaction, RefundInput } from "@/src/modules/payments/refunds";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const POST = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "admin");
    return json(await refundTransaction(ctx, ((await params) as { id: string }).id, await parseBody(req, RefundInput)), 201);
  },
  { module: "payments" },
);
