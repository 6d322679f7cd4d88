import { appealEntity, AppealInput, appealOf } from "@/src/modules/moderation/appeals";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const GET = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "subscriber");
    const { id } = (await params) as { id: string };
    return json({ appeal: await appealOf(ctx, id) });
  },
  { module: "moderation" },
);

export const POST = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "subscriber");
    const { id } = (await params) as { id: string };
    return json(await appealEntity(ctx, id, await parseBody(req, AppealInput)), 201);
  },
  { module: "moderation" },
);
