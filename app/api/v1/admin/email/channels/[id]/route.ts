import { deleteChannel, UpdateChannelInput, updateChannel } from "@/src/modules/email/channels";
import { json, noContent, parseBody, requireRole, route } from "@/src/platform/http/route";

export const PUT = route(
  async (req, { params }) => {
    const ctx = await requireRole(req, "admin");
    return json(await updateChannel(ctx, ((await params) as { id: string }).id, await parseBody(req, UpdateChannelInput)));
  },
  { module: "email-crm" },
);

export const DELETE = route(
  async (req, { params }) => {
    await deleteChannel(await requireRole(req, "admin"), ((await params) as { id: string }).id);
    return noContent();
  },
  { module: "email-crm" },
);
