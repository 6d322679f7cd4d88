import { myOrders, placeOrder, PlaceOrderInput } from "@/src/modules/store/orders";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json(await myOrders(await requireRole(req, "subscriber"))), { module: "store" });

export const POST = route(async (req) => json(await placeOrder(await requireRole(req, "subscriber"), await parseBody(req, PlaceOrderInput)), 201), { module: "store" });
