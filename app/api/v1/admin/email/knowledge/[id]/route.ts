import { deleteKnowledge, updateKnowledge, UpdateKnowledgeInput } from "@/src/modules/email/ai-drafts";
import { json, noContent, parseBody, requireRole, route } from "@/src/platform/http/route";

export const PUT = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "admin");
    return json(await updateKnowledge(ctx, ((await params) as { id: string }).id, await parseBody(req, UpdateKnowledgeInput)));
  },
  { module: "email-crm" },
);

export const DELETE = route(
  async (req, { params }) => {
    await deleteKnowledge(await requireRole(req, "admin"), ((await params) as { id: string }).id);
    return noContent();
  },
  { module: "email-crm" },
);
