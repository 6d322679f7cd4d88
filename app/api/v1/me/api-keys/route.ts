import { ApiKeyInput } from "@/src/modules/members/inputs";
import { createApiKey } from "@/src/modules/members/service";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const POST = route(async (req) => {
  const ctx = await requireRole(req, "subscriber");
  return json(await createApiKey(ctx, await parseBody(req, ApiKeyInput)), 201);
});
