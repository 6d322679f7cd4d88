import { createMyApiKey, listMyApiKeys } from "@/src/modules/account/api-keys";
import { ApiKeyInput } from "@/src/modules/members/inputs";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json(await listMyApiKeys(await requireRole(req, "subscriber"), req.headers)));

export const POST = route(async (req) => {
  const ctx = await requireRole(req, "subscriber");
  return json(await createMyApiKey(ctx, req.headers, await parseBody(req, ApiKeyInput)), 201);
});
