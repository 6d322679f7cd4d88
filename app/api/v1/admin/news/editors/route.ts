import { EditorInput, listEditors, setEditor } from "@/src/modules/newsroom/service";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json({ items: await listEditors(await requireRole(req, "admin")) }), { module: "newsroom" });

export const PUT = route(async (req) => json(await setEditor(await requireRole(req, "admin"), await parseBody(req, EditorInput))), { module: "newsroom" });
