import type { AuthResult } from "../auth/credentials";

/** `{user, token}` as JSON, plus the session cookie so a browser is signed in too. */
export function authResponse(result: AuthResult, status: number): Response {
  const headers = new Headers({ "content-type": "application/json" });
  for (const cookie of result.headers.getSetCookie()) headers.append("set-cookie", cookie);
  return new Response(JSON.stringify({ user: result.user, token: result.token }), { status, headers });
}
