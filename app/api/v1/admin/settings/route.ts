import { getAdminSettings, patchAdminSettings } from "@/src/platform/settings/service";
import { json, readJson, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => {
  const ctx = await requireRole(req, "admin");
  return json(await getAdminSettings(ctx));
});

export const PATCH = route(async (req) => {
  const ctx = await requireRole(req, "admin");
  return json(await patchAdminSettings(ctx, await readJson(req)));
});
