import { listMyApiKeys } from "@/src/modules/account/api-keys";
import { ApiKeyInput } from "@/src/modules/members/inputs";
import { createApiKey } from "@/src/modules/members/service";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json(await listMyApiKeys(await requireRole(req, "subscriber"), req.headers)));

export const POST = route(async (req) => {
  const ctx = await requireRole(req, "subscriber");
  return json(await createApiKey(ctx, await parseBody(req, ApiKeyInput)), 201);
});
