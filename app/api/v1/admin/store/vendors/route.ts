import { listVendors, VendorListInput } from "@/src/modules/store/vendors";
import { json, parseQuery, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json(await listVendors(await requireRole(req, "admin"), parseQuery(req, VendorListInput))), { module: "store" });
