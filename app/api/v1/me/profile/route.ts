import { UpdateProfileInput } from "@/src/modules/members/inputs";
import { updateProfile } from "@/src/modules/members/service";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const PUT = route(async (req) => {
  const ctx = await requireRole(req, "subscriber");
  return json(await updateProfile(ctx, await parseBody(req, UpdateProfileInput)));
});
