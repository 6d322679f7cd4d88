import { QueueInput, verificationQueue } from "@/src/modules/verification/service";
import { json, parseQuery, requireRole, route } from "@/src/platform/http/route";

export const GET = route(
  async (req) => json(await verificationQueue(await requireRole(req, "admin"), parseQuery(req, QueueInput))),
  { module: "verification" },
);
