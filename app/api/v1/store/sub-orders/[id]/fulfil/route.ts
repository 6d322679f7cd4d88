import { fulfilSubOrder } from "@/src/modules/store/orders";
import { json, requireRole, route } from "@/src/platform/http/route";

export const POST = route(async (req, { params }) => json(await fulfilSubOrder(await requireRole(req, "subscriber"), ((await params) as { id: string }).id)), { module: "store" });
