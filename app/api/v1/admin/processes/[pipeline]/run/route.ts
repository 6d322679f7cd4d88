import { runNow } from "@/src/modules/processes/service";
import { json, requireRole, route } from "@/src/platform/http/route";

export const POST = route(async (req, { params }) => json(await runNow(await requireRole(req, "admin"), ((await params) as { pipeline: string }).pipeline)), { module: "processes" });
