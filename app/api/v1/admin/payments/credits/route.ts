import { grantCredits, GrantInput } from "@/src/modules/payments/service";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const POST = route(async (req) => json(await grantCredits(await requireRole(req, "admin"), await parseBody(req, GrantInput))), { module: "payments" });
