import { EntityActionInput, moderateEntity } from "@/src/modules/moderation/service";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const POST = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "admin");
    const { id } = (await params) as { id: string };
    return json(await moderateEntity(ctx, { ...(await parseBody(req, EntityActionInput.omit({ entityId: true }))), entityId: id }));
  },
  { module: "moderation" },
);
