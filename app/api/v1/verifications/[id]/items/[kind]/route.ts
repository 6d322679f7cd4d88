import { attachDocument, AttachInput } from "@/src/modules/verification/service";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const PUT = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "subscriber");
    const { id, kind } = (await params) as { id: string; kind: string };
    return json(await attachDocument(ctx, id, kind, await parseBody(req, AttachInput)));
  },
  { module: "verification" },
);
