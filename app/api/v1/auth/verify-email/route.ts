import { EmailInput, resendVerification } from "@/src/platform/auth/credentials";
import { json, parseBody, route } from "@/src/platform/http/route";

/** Always 202: whether the email has an account is not revealed. */
export const POST = route(
  async (req) => {
    await resendVerification(await parseBody(req, EmailInput), req.headers);
    return json({ status: "sent" }, 202);
  },
  { limit: "auth" },
);
