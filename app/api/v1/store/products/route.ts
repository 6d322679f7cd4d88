import { CatalogueInput, createProduct, CreateProductInput, listCatalogue } from "@/src/modules/store/products";
import { json, parseBody, parseQuery, requestContext, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json(await listCatalogue(await requestContext(req), parseQuery(req, CatalogueInput))), { module: "store" });

export const POST = route(async (req) => json(await createProduct(await requireRole(req, "subscriber"), await parseBody(req, CreateProductInput)), 201), { module: "store" });
