import { SignUpInput, signUp } from "@/src/platform/auth/credentials";
import { db } from "@/src/platform/db/client";
import { parseBody, route } from "@/src/platform/http/route";
import { authResponse } from "@/src/platform/http/auth-response";

export const POST = route(
  async (req) => {
    const input = await parseBody(req, SignUpInput);
    return authResponse(await signUp(db(), input, req.headers), 201);
  },
  { limit: "auth" },
);
