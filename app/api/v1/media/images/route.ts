import { generateImages, ImageInput } from "@/src/modules/generative/conductors";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const POST = route(async (req) => json(await generateImages(await requireRole(req, "member"), await parseBody(req, ImageInput)), 201), { module: "generative" });
