import { vendorProducts } from "@/src/modules/store/products";
import { json, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req, { params }) => json(await vendorProducts(await requireRole(req, "subscriber"), ((await params) as { id: string }).id)), { module: "store" });
