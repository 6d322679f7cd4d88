import { csvResponse, toCsv } from "@/src/platform/http/csv";
import { AdminListInput, adminTransactions } from "@/src/modules/payments/service";
import { parseQuery, requireRole, route } from "@/src/platform/http/route";

/** The admin transaction list (same filters) as a CSV download. */
export const GET = route(
  async (req) => {
    const { items } = await adminTransactions(await requireRole(req, "admin"), parseQuery(req, AdminListInput));
    const csv = toCsv(
      ["id", "createdAt", "userId", "purpose", "provider", "amountMinor", "currency", "status", "providerRef", "flagged", "refundedMinor"],
      items.map((t) => [t.id, t.createdAt, t.userId, t.purpose, t.provider, t.amountMinor, t.currency, t.status, t.providerRef, t.flagged, t.refundedMinor]),
    );
    return csvResponse(csv, "transactions");
  },
  { module: "payments" },
);
