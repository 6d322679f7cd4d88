import { ApplyInput, applyToSell } from "@/src/modules/store/vendors";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const POST = route(async (req) => json(await applyToSell(await requireRole(req, "subscriber"), await parseBody(req, ApplyInput)), 201), { module: "store" });
