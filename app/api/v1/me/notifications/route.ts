import { listNotifications } from "@/src/modules/notifications/service";
import { requestLocale } from "@/src/platform/http/locale";
import { json, requireRole, route } from "@/src/platform/http/route";
import { flattenParams } from "@/src/platform/http/search-params";

export const GET = route(
  async (req) => json(await listNotifications(await requireRole(req, "subscriber"), flattenParams(req.nextUrl.searchParams), requestLocale(req))),
  { module: "notifications" },
);
