import { deleteKnowledge } from "@/src/modules/email/ai-drafts";
import { noContent, requireRole, route } from "@/src/platform/http/route";

export const DELETE = route(async (req, { params }) => {
  await deleteKnowledge(await requireRole(req, "admin"), ((await params) as { id: string }).id);
  return noContent();
}, { module: "email-crm" });
