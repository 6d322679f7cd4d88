import { ChannelInput, createChannel, listChannels } from "@/src/modules/email/channels";
import { json, parseBody, requireRole, route } from "@/src/platform/http/route";

export const GET = route(async (req) => json(await listChannels(await requireRole(req, "admin"))), { module: "email-crm" });

export const POST = route(
  async (req) => {
    const ctx = await requireRole(req, "admin");
    return json(await createChannel(ctx, await parseBody(req, ChannelInput)), 201);
  },
  { module: "email-crm" },
);
