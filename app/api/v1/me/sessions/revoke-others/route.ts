import { revokeOtherSessions } from "@/src/modules/account/sessions";
import { noContent, requireRole, route } from "@/src/platform/http/route";

export const POST = route(async (req) => {
  await revokeOtherSessions(await requireRole(req, "subscriber"), req.headers);
  return noContent();
});
