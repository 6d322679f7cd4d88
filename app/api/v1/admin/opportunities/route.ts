import { z } from "zod";
import { OPPORTUNITY_STATUSES } from "@/src/modules/opportunities/states";
import { reviewQueueWithMatches } from "@/src/modules/matcher/service";
import { json, parseQuery, requireRole, route } from "@/src/platform/http/route";

const Query = z.object({ status: z.enum(OPPORTUNITY_STATUSES).default("pending") });

export const GET = route(
  async (req) => {
    const ctx = await requireRole(req, "admin");
    return json(await reviewQueueWithMatches(ctx, parseQuery(req, Query).status));
  },
  { module: "opportunities" },
);
