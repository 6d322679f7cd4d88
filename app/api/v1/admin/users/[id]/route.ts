import { z } from "zod";
import { setRole } from "@/src/modules/members/service";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";
import { ROLES } from "@/src/platform/auth/roles";

const Body = z.object({ role: z.enum(ROLES) });

export const PATCH = route(async (req, { params }) => {
  const ctx = await requireRole(req, "admin");
  const { id } = (await params) as { id: string };
  const { role } = await parseBody(req, Body);
  return json(await setRole(ctx, { userId: id, role }));
});
