import { flattenParams } from "@/src/platform/http/search-params";
import { listOutbox } from "@/src/platform/mail/outbox";
import { json, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => {
  const ctx = await requireRole(req, "admin");
  return json(await listOutbox(ctx, flattenParams(req.nextUrl.searchParams)));
});
