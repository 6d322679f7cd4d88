import { unblockEntity } from "@/src/modules/members/service";
import { noContent, requireRole, route } from "@/src/platform/http/route";

export const DELETE = route(async (req, { params }) => {
  const ctx = await requireRole(req, "subscriber");
  await unblockEntity(ctx, ((await params) as { entityId: string }).entityId);
  return noContent();
});
