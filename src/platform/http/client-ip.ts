/** Set by server.ts from the socket (or X-Forwarded-For when TRUST_PROXY); clients cannot forge it. */
export const CLIENT_IP_HEADER = "x-ringlet-client-ip";
export const REQUEST_ID_HEADER = "x-request-id";

export function clientIp(headers: Headers): string {
  return headers.get(CLIENT_IP_HEADER) ?? "unknown";
}
