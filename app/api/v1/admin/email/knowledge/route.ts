import { addKnowledge, KnowledgeInput, listKnowledge } from "@/src/modules/email/ai-drafts";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json(await listKnowledge(await requireRole(req, "admin"))), { module: "email-crm" });

export const POST = route(async (req) => json(await addKnowledge(await requireRole(req, "admin"), await parseBody(req, KnowledgeInput)), 201), { module: "email-crm" });
