import { AdminListInput, adminTransactions } from "@/src/modules/payments/service";
import { json, parseQuery, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json(await adminTransactions(await requireRole(req, "admin"), parseQuery(req, AdminListInput))), { module: "payments" });
