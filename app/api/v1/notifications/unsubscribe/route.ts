import { z } from "zod";
import { unsubscribeByLink } from "@/src/modules/notifications/service";
import { db } from "@/src/platform/db/client";
import { DomainError } from "@/src/platform/http/errors";
import { noContent, parseBody, route } from "@/src/platform/http/route";

const Body = z.object({ u: z.string().min(1).max(100), t: z.string().min(1).max(60), s: z.string().min(1).max(100) });

/** Email footer unsubscribe (POST from the confirmation page; links are signed per user and type). */
export const POST = route(
  async (req) => {
    const { u, t, s } = await parseBody(req, Body);
    if (!(await unsubscribeByLink(db(), u, t, s))) throw new DomainError("validation_failed", "This unsubscribe link is not valid", { s: "Invalid signature" });
    return noContent();
  },
  { module: "notifications", limit: "auth" },
);
