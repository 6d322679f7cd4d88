import { flattenParams } from "@/src/platform/http/search-params";
import { listUsers } from "@/src/modules/members/service";
import { json, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => {
  const ctx = await requireRole(req, "admin");
  return json(await listUsers(ctx, flattenParams(req.nextUrl.searchParams)));
});
