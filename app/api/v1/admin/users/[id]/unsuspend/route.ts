import { unsuspendAccount } from "@/src/modules/moderation/service";
import { json, readJson, requireRole, route } from "@/src/platform/http/route";

/** Lifts a suspension (admins only; a body `{note}` is optional). Unsuspending an active account changes nothing. */
export const POST = route(async (req, { params }) => {
  const ctx = await requireRole(req, "admin");
  const { id } = (await params) as { id: string };
  const body = req.body ? ((await readJson(req)) as { note?: unknown }) : {};
  return json(await unsuspendAccount(ctx, { userId: id, note: body?.note as string | undefined }));
});
