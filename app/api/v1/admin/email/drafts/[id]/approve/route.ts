import { decideDraft } from "@/src/modules/email/service";
import { json, requireRole, route } from "@/src/platform/http/route";

export const POST = route(async (req, { params }) => json(await decideDraft(await requireRole(req, "admin"), ((await params) as { id: string }).id, "approve")), { module: "email-crm" });
