import { listMySessions } from "@/src/modules/account/sessions";
import { json, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json(await listMySessions(await requireRole(req, "subscriber"), req.headers)));
