import { deleteMyAccount } from "@/src/modules/account/delete-account";
import { DeleteAccountInput } from "@/src/modules/account/inputs";
import { getMe } from "@/src/modules/members/service";
import { withCookies } from "@/src/platform/http/auth-response";
import { json, noContent, parseBody, requestContext, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json(await getMe(await requestContext(req))));

export const DELETE = route(async (req) => {
  const ctx = await requireRole(req, "subscriber");
  return withCookies(noContent(), await deleteMyAccount(ctx, req.headers, await parseBody(req, DeleteAccountInput)));
});
