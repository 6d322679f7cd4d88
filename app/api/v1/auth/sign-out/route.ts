import { signOut } from "@/src/platform/auth/credentials";
import { withCookies } from "@/src/platform/http/auth-response";
import { route } from "@/src/platform/http/route";

export const POST = route(async (req) => withCookies(new Response(null, { status: 204 }), await signOut(req.headers)));
