import { changeMyPassword } from "@/src/modules/account/password";
import { ChangePasswordInput } from "@/src/modules/account/inputs";
import { withCookies } from "@/src/platform/http/auth-response";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const POST = route(async (req) => {
  const ctx = await requireRole(req, "subscriber");
  const changed = await changeMyPassword(ctx, req.headers, await parseBody(req, ChangePasswordInput));
  return withCookies(json(changed.body), changed.headers);
});
