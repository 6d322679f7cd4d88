import { vendorStatement } from "@/src/modules/store/payouts";
import { json, requireRole, route } from "@/src/platform/http/route";

export const GET = route(
  async (req, { params }) => json(await vendorStatement(await requireRole(req, "subscriber"), ((await params) as { id: string }).id, req.nextUrl.searchParams.get("payoutId") ?? undefined)),
  { module: "store" },
);
