import { liveness } from "@/src/platform/health";
import { json, route } from "@/src/platform/http/route";

export const dynamic = "force-dynamic";

/** Liveness: the process answers. Touches nothing, so a database outage never restarts the pod. */
export const GET = route(async () => json(liveness()), { limit: "none" });
