import { generateFeaturedImage, ImageForArticleInput } from "@/src/modules/newsroom/service";
import { editorContext } from "@/src/modules/newsroom/http";
import { json, parseBody, route } from "@/src/platform/http/route";

export const POST = route(async (req, { params }) => json(await generateFeaturedImage(await editorContext(req), ((await params) as { id: string }).id, await parseBody(req, ImageForArticleInput))), { module: "newsroom" });
