import { NextResponse } from "next/server";
import { issueTicket } from "@/src/modules/tunnel/ticket";
import { authSecret } from "@/src/platform/auth/auth";
import { requireRole, route } from "@/src/platform/http/route";

/** A 60-second ticket to open the tunnel where cookies or headers cannot be sent: `/api/tunnel/ws?ticket=`. */
export const POST = route(
  async (req) => {
    const ctx = await requireRole(req, "subscriber");
    return NextResponse.json(issueTicket(authSecret(), ctx.actor.userId), { status: 201 });
  },
  { module: "tunnel" },
);
