import { FinanceInput, financeSummary } from "@/src/modules/store/payouts";
import { json, parseQuery, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json(await financeSummary(await requireRole(req, "admin"), parseQuery(req, FinanceInput))), { module: "store" });
