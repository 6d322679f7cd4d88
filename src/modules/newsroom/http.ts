import { requireRole } from "@/src/platform/http/route";
import { requireEditor } from "./service";

/** The context of an editor's request: 401 for visitors, 403 for anyone who is not an editor or admin, before the body is read. */
export async function editorContext(req: Request) {
  const ctx = await requireRole(req, "subscriber");
  await requireEditor(ctx);
  return ctx;
}
