import { getThread, setThreadStatus, ThreadStatusInput } from "@/src/modules/email/service";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req, { params }) => json(await getThread(await requireRole(req, "admin"), ((await params) as { id: string }).id)), { module: "email-crm" });

export const PATCH = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "admin");
    return json(await setThreadStatus(ctx, ((await params) as { id: string }).id, await parseBody(req, ThreadStatusInput)));
  },
  { module: "email-crm" },
);
