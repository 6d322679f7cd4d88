import { z } from "zod";
import { generativeUsage } from "@/src/modules/generative/media";
import { json, parseQuery, requireRole, route } from "@/src/platform/http/route";

const Query = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) });

export const GET = route(async (req) => json(await generativeUsage(await requireRole(req, "admin"), parseQuery(req, Query).days)), { module: "generative" });
