import { getArticleForEditors, updateArticle, UpdateArticleInput } from "@/src/modules/newsroom/service";
import { editorContext } from "@/src/modules/newsroom/http";
import { json, parseBody, route } from "@/src/platform/http/route";

type Params = { params: Promise<Record<string, string | string[]>> };
const idOf = async ({ params }: Params) => ((await params) as { id: string }).id;

export const GET = route(async (req, extra) => json(await getArticleForEditors(await editorContext(req), await idOf(extra))), { module: "newsroom" });

export const PATCH = route(async (req, extra) => json(await updateArticle(await editorContext(req), await idOf(extra), await parseBody(req, UpdateArticleInput))), { module: "newsroom" });
