import { EditDraftInput, writeReply } from "@/src/modules/email/service";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const POST = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "admin");
    return json(await writeReply(ctx, ((await params) as { id: string }).id, await parseBody(req, EditDraftInput)), 201);
  },
  { module: "email-crm" },
);
