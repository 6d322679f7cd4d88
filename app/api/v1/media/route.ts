import { listMyMedia } from "@/src/modules/generative/media";
import { json, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json(await listMyMedia(await requireRole(req, "subscriber"))), { module: "generative" });
