import { ResetPasswordInput, resetPassword } from "@/src/platform/auth/credentials";
import { noContent, parseBody, route } from "@/src/platform/http/route";

export const POST = route(
  async (req) => {
    await resetPassword(await parseBody(req, ResetPasswordInput), req.headers);
    return noContent();
  },
  { limit: "auth" },
);
