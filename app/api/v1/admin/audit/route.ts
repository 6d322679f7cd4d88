import { flattenParams } from "@/src/platform/http/search-params";
import { listAudit } from "@/src/modules/audit/service";
import { json, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => {
  const ctx = await requireRole(req, "admin");
  return json(await listAudit(ctx, flattenParams(req.nextUrl.searchParams)));
});
