import { mailboxHealth } from "@/src/modules/email/service";
import { json, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json(await mailboxHealth(await requireRole(req, "admin"))), { module: "email-crm" });
