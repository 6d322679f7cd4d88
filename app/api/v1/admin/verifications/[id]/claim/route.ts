import { claimVerification } from "@/src/modules/verification/service";
import { json, requireRole, route } from "@/src/platform/http/route";

export const POST = route(
  async (req, { params }) => json(await claimVerification(await requireRole(req, "admin"), ((await params) as { id: string }).id)),
  { module: "verification" },
);
