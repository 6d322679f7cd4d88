import { adminTransaction } from "@/src/modules/payments/service";
import { json, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req, { params }) => json(await adminTransaction(await requireRole(req, "admin"), ((await params) as { id: string }).id)), { module: "payments" });
