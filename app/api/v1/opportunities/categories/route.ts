import { categoryList, typeList } from "@/src/modules/opportunities/labels";
import { json, route } from "@/src/platform/http/route";

export const GET = route(async () => json({ types: typeList(), categories: categoryList() }), { module: "opportunities" });
