import { getProduct, updateProduct, UpdateProductInput } from "@/src/modules/store/products";
import { json, parseBody, requestContext, requireRole, route } from "@/src/platform/http/route";

type Params = { params: Promise<unknown> };
const id = async ({ params }: Params) => ((await params) as { id: string }).id;

export const GET = route(async (req, ctx) => json(await getProduct(await requestContext(req), await id(ctx))), { module: "store" });

export const PATCH = route(async (req, ctx) => json(await updateProduct(await requireRole(req, "subscriber"), await id(ctx), await parseBody(req, UpdateProductInput))), { module: "store" });
