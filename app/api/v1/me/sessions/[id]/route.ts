import { revokeMySession } from "@/src/modules/account/sessions";
import { withCookies } from "@/src/platform/http/auth-response";
import { noContent, requireRole, route } from "@/src/platform/http/route";

export const DELETE = route(async (req, { params }) => {
  const cookies = await revokeMySession(await requireRole(req, "subscriber"), req.headers, ((await params) as { id: string }).id);
  return withCookies(noContent(), cookies);
});
