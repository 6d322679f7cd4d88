import { signOut } from "@/src/platform/auth/credentials";
import { route } from "@/src/platform/http/route";

export const POST = route(async (req) => {
  const cleared = await signOut(req.headers);
  const headers = new Headers();
  for (const cookie of cleared.getSetCookie()) headers.append("set-cookie", cookie);
  return new Response(null, { status: 204, headers });
});
