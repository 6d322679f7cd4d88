import { createArticle, CreateArticleInput, listArticlesForEditors } from "@/src/modules/newsroom/service";
import { editorContext } from "@/src/modules/newsroom/http";
import { json, parseBody, route } from "@/src/platform/http/route";
import { flattenParams } from "@/src/platform/http/search-params";

/** Editors are members with the editor permission, not only admins. */
export const GET = route(async (req) => json(await listArticlesForEditors(await editorContext(req), flattenParams(req.nextUrl.searchParams))), { module: "newsroom" });

export const POST = route(async (req) => json(await createArticle(await editorContext(req), await parseBody(req, CreateArticleInput)), 201), { module: "newsroom" });
