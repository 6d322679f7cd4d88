import { z } from "zod";
import { blockEntity } from "@/src/modules/members/service";
import { noContent, parseBody, requireRole, route } from "@/src/platform/http/route";

const Body = z.object({ entityId: z.uuid() });

export const POST = route(async (req) => {
  const ctx = await requireRole(req, "subscriber");
  await blockEntity(ctx, (await parseBody(req, Body)).entityId);
  return noContent();
});
