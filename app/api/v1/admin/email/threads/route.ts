import { listThreads, ThreadListInput } from "@/src/modules/email/service";
import { json, parseQuery, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json(await listThreads(await requireRole(req, "admin"), parseQuery(req, ThreadListInput))), { module: "email-crm" });
