import { getThread } from "@/src/modules/email/service";
import { json, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req, { params }) => json(await getThread(await requireRole(req, "admin"), ((await params) as { id: string }).id)), { module: "email-crm" });
