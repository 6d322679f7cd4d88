import type { AuthResult } from "../auth/credentials";

/** Copies Better Auth's Set-Cookie headers onto a response, so the browser's session follows the change. */
export function withCookies(response: Response, from: Headers): Response {
  for (const cookie of from.getSetCookie()) response.headers.append("set-cookie", cookie);
  return response;
}

/** `{user, token, verificationRequired}` as JSON, plus the session cookie so a browser is signed in too. */
export function authResponse(result: AuthResult, status: number): Response {
  const body = JSON.stringify({ user: result.user, token: result.token, verificationRequired: result.verificationRequired });
  return withCookies(new Response(body, { status, headers: { "content-type": "application/json" } }), result.headers);
}
