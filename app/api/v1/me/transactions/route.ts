import { myTransactions } from "@/src/modules/payments/service";
import { json, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json(await myTransactions(await requireRole(req, "subscriber"))), { module: "payments" });
