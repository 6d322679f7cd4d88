import { z } from "zod";
import { setPipelinePaused } from "@/src/modules/processes/service";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

const Body = z.object({ paused: z.boolean() });

export const PATCH = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "admin");
    const { paused } = await parseBody(req, Body);
    return json(await setPipelinePaused(ctx, ((await params) as { pipeline: string }).pipeline, paused));
  },
  { module: "processes" },
);
