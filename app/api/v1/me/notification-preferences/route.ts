import { getPreferences, PreferencesInput, setPreferences } from "@/src/modules/notifications/service";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json(await getPreferences(await requireRole(req, "subscriber"))), { module: "notifications" });

export const PUT = route(
  async (req) => {
    const ctx = await requireRole(req, "subscriber");
    return json(await setPreferences(ctx, await parseBody(req, PreferencesInput)));
  },
  { module: "notifications" },
);
