import { vendorOrders } from "@/src/modules/store/orders";
import { json, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req, { params }) => json(await vendorOrders(await requireRole(req, "subscriber"), ((await params) as { id: string }).id)), { module: "store" });
