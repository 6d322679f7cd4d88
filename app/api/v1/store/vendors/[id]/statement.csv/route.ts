import { csvResponse, toCsv } from "@/src/platform/http/csv";
import { vendorStatement } from "@/src/modules/store/payouts";
import { requireRole, route } from "@/src/platform/http/route";

/** A vendor's settlement lines (all, or one payout's with `?payoutId=`) as CSV. */
export const GET = route(
  async (req, { params }) => {
    const { lines } = await vendorStatement(await requireRole(req, "subscriber"), ((await params) as { id: string }).id, req.nextUrl.searchParams.get("payoutId") ?? undefined);
    const csv = toCsv(
      ["createdAt", "kind", "subOrderId", "grossMinor", "commissionMinor", "netMinor", "currency", "dueAt", "payoutId"],
      lines.map((l) => [l.createdAt, l.kind, l.subOrderId, l.grossMinor, l.commissionMinor, l.netMinor, l.currency, l.dueAt, l.payoutId]),
    );
    return csvResponse(csv, "statement");
  },
  { module: "store" },
);
