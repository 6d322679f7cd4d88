import { SignInInput, signIn } from "@/src/platform/auth/credentials";
import { db } from "@/src/platform/db/client";
import { authResponse } from "@/src/platform/http/auth-response";
import { parseBody, route } from "@/src/platform/http/route";

export const POST = route(
  async (req) => {
    const input = await parseBody(req, SignInInput);
    return authResponse(await signIn(db(), input, req.headers), 200);
  },
  { limit: "auth" },
);
