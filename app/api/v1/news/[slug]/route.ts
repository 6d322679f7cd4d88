import { getNews } from "@/src/modules/newsroom/service";
import { json, requestContext, route } from "@/src/platform/http/route";

export const GET = route(async (req, { params }) => json(await getNews(await requestContext(req), ((await params) as { slug: string }).slug)), { module: "newsroom" });
