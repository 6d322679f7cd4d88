import { checkout, CheckoutInput } from "@/src/modules/payments/service";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const POST = route(async (req) => json(await checkout(await requireRole(req, "subscriber"), await parseBody(req, CheckoutInput)), 201), { module: "payments" });
