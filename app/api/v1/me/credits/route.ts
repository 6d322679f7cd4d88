import { myCredits } from "@/src/modules/payments/service";
import { json, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json(await myCredits(await requireRole(req, "subscriber"))), { module: "payments" });
