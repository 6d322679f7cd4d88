import { markEmailVerified } from "@/src/modules/members/verify-email";
import { json, requireRole, route } from "@/src/platform/http/route";

export const POST = route(async (req, { params }) => {
  const ctx = await requireRole(req, "admin");
  const { id } = (await params) as { id: string };
  return json(await markEmailVerified(ctx, { userId: id }));
});
