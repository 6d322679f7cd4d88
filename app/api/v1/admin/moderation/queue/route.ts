import { moderationQueue } from "@/src/modules/moderation/queue";
import { json, requireRole, route } from "@/src/platform/http/route";

export const GET = route(
  async (req) => json(await moderationQueue(await requireRole(req, "admin"))),
  { module: "moderation" },
);
