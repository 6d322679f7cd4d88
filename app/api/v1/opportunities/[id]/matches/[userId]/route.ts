import { explainMatch } from "@/src/modules/matcher/service";
import { json, requireRole, route } from "@/src/platform/http/route";

/** Why one member matched this listing: admins, the member themself, the listing's owner only about applicants; else 404. */
export const GET = route(
  async (req, { params }) => {
    const { id, userId } = (await params) as { id: string; userId: string };
    return json(await explainMatch(await requireRole(req, "subscriber"), id, userId));
  },
  { module: "matcher" },
);
