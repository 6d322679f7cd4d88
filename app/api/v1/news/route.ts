import { listNews } from "@/src/modules/newsroom/service";
import { json, requestContext, route } from "@/src/platform/http/route";
import { flattenParams } from "@/src/platform/http/search-params";

export const GET = route(async (req) => json(await listNews(await requestContext(req), flattenParams(req.nextUrl.searchParams))), { module: "newsroom" });
