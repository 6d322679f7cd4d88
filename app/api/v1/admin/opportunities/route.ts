import { z } from "zod";
import { OPPORTUNITY_STATUSES } from "@/src/modules/opportunities/states";
import { reviewQueue } from "@/src/modules/opportunities/service";
import { json, parseQuery, requireRole, route } from "@/src/platform/http/route";

const Query = z.object({ status: z.enum(OPPORTUNITY_STATUSES).default("pending") });

export const GET = route(
  async (req) => {
    const ctx = await requireRole(req, "admin");
    return json(await reviewQueue(ctx, parseQuery(req, Query).status));
  },
  { module: "opportunities" },
);
