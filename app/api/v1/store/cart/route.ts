import { CartItemInput, getCart, setCartItem } from "@/src/modules/store/cart";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json(await getCart(await requireRole(req, "subscriber"))), { module: "store" });

export const PUT = route(async (req) => json(await setCartItem(await requireRole(req, "subscriber"), await parseBody(req, CartItemInput))), { module: "store" });
