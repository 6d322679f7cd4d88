import { handleWayForPayCallback } from "@/src/modules/payments/service";
import { db } from "@/src/platform/db/client";
import { json, readJson, route } from "@/src/platform/http/route";

/** The service-URL callback: verified, applied once, answered with the signed `accept`. */
export const POST = route(async (req) => json(await handleWayForPayCallback(db(), await readJson(req))), { module: "payments", limit: "none" });
