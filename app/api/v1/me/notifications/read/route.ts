import { markRead, MarkReadInput } from "@/src/modules/notifications/service";
import { noContent, parseBody, requireRole, route } from "@/src/platform/http/route";

export const POST = route(
  async (req) => {
    const ctx = await requireRole(req, "subscriber");
    await markRead(ctx, await parseBody(req, MarkReadInput));
    return noContent();
  },
  { module: "notifications" },
);
