import { unsuspendAccount } from "@/src/modules/moderation/service";
import { json, readJson, requireRole, route } from "@/src/platform/http/route";

/** Lifts a suspension (admins only). A JSON body `{note}` is optional; unsuspending an active account changes nothing. */
export const POST = route(async (req, { params }) => {
  const ctx = await requireRole(req, "admin");
  const { id } = (await params) as { id: string };
  const body = req.headers.get("content-type")?.includes("json") ? ((await readJson(req)) as { note?: string } | null) : null;
  return json(await unsuspendAccount(ctx, { userId: id, note: body?.note }));
});
