import { getMe } from "@/src/modules/members/service";
import { json, requestContext, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json(await getMe(await requestContext(req))));
