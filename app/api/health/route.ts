import { healthReport } from "@/src/platform/health";
import { json, route } from "@/src/platform/http/route";

export const dynamic = "force-dynamic";

export const GET = route(async () => json(await healthReport()), { limit: "none" });
