import { revokeMyApiKey } from "@/src/modules/account/api-keys";
import { noContent, requireRole, route } from "@/src/platform/http/route";

export const DELETE = route(async (req, { params }) => {
  await revokeMyApiKey(await requireRole(req, "subscriber"), req.headers, ((await params) as { id: string }).id);
  return noContent();
});
