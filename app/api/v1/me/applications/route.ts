import { myApplications } from "@/src/modules/opportunities/service";
import { json, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json(await myApplications(await requireRole(req, "subscriber"))), { module: "opportunities" });
