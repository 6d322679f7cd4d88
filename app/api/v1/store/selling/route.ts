import { mySelling } from "@/src/modules/store/vendors";
import { json, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json(await mySelling(await requireRole(req, "subscriber"))), { module: "store" });
