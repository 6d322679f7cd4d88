import { getRun } from "@/src/modules/processes/service";
import { json, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req, { params }) => json(await getRun(await requireRole(req, "admin"), ((await params) as { id: string }).id)), { module: "processes" });
