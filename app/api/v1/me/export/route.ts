import { exportMyData } from "@/src/modules/account/export";
import { json, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => {
  const data = await exportMyData(await requireRole(req, "subscriber"));
  return json(data, 200, {
    "content-disposition": `attachment; filename="ringlet-export-${data.exportedAt.slice(0, 10)}.json"`,
    "cache-control": "no-store",
  });
});
