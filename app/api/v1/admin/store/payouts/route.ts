import { pendingPayouts } from "@/src/modules/store/payouts";
import { json, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json(await pendingPayouts(await requireRole(req, "admin"))), { module: "store" });
