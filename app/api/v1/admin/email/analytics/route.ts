import { z } from "zod";
import { analyticsDays, recentModelCalls } from "@/src/modules/email/analytics";
import { json, parseQuery, requireRole, route } from "@/src/platform/http/route";

const Query = z.object({ days: z.coerce.number().int().min(1).max(365).default(30) });

export const GET = route(
  async (req) => {
    const ctx = await requireRole(req, "admin");
    const { days } = parseQuery(req, Query);
    const [{ items }, { items: calls }] = await Promise.all([analyticsDays(ctx, days), recentModelCalls(ctx)]);
    return json({ days: items, calls });
  },
  { module: "email-crm" },
);
