import { matcherAnalytics } from "@/src/modules/matcher/analytics";
import { json, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json(await matcherAnalytics(await requireRole(req, "admin"))), { module: "matcher" });
