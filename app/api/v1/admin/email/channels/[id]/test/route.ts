import { testChannel } from "@/src/modules/email/channels";
import { json, requireRole, route } from "@/src/platform/http/route";

export const POST = route(async (req, { params }) => json(await testChannel(await requireRole(req, "admin"), ((await params) as { id: string }).id)), { module: "email-crm" });
