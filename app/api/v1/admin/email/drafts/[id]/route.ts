import { editDraft, EditDraftInput } from "@/src/modules/email/service";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const PUT = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "admin");
    return json(await editDraft(ctx, ((await params) as { id: string }).id, await parseBody(req, EditDraftInput)));
  },
  { module: "email-crm" },
);
