import { ApplicationStatusInput } from "@/src/modules/opportunities/inputs";
import { setApplicationStatus } from "@/src/modules/opportunities/service";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const PATCH = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "subscriber");
    const { id } = (await params) as { id: string };
    return json(await setApplicationStatus(ctx, { ...(await parseBody(req, ApplicationStatusInput.omit({ id: true }))), id }));
  },
  { module: "opportunities" },
);
