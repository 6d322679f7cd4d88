import { decideVendor, DecideVendorInput } from "@/src/modules/store/vendors";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const POST = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "admin");
    return json(await decideVendor(ctx, ((await params) as { id: string }).id, await parseBody(req, DecideVendorInput)));
  },
  { module: "store" },
);
