import { readiness } from "@/src/platform/health";
import { json, route } from "@/src/platform/http/route";

export const dynamic = "force-dynamic";

/** Readiness: the database answers; 503 takes the instance out of rotation until it does. */
export const GET = route(async () => {
  const report = await readiness();
  return json(report, report.status === "ok" ? 200 : 503);
}, { limit: "none" });
