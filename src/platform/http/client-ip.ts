import { isIP } from "node:net";

/** Set by server.ts from the socket (or the trusted hops of X-Forwarded-For); clients cannot forge it. */
export const CLIENT_IP_HEADER = "x-ringlet-client-ip";
export const REQUEST_ID_HEADER = "x-request-id";

export function clientIp(headers: Headers): string {
  return headers.get(CLIENT_IP_HEADER) ?? "unknown";
}

/** TRUST_PROXY_HOPS wins; `TRUST_PROXY=true` alone keeps its old meaning of one proxy in front. */
export function trustedProxyHops(e: { TRUST_PROXY: boolean; TRUST_PROXY_HOPS?: number }): number {
  return e.TRUST_PROXY_HOPS ?? (e.TRUST_PROXY ? 1 : 0);
}

/**
 * The client's address behind `hops` proxies we run. Each proxy appends the address it received the
 * request from, so only the entries our own proxies wrote — the last `hops` — are true; everything to
 * their left came from the client and may be forged. The entry `hops` places from the right is what
 * the outermost of our proxies saw: the client. Fewer entries than hops: the leftmost one (all were
 * written by our proxies). Not an address: the socket's, like no proxy at all.
 */
export function clientAddressFrom(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, hops: number): string {
  const socket = socketAddress ?? "unknown";
  if (hops <= 0 || forwardedFor === undefined) return socket;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) return socket;
  const chosen = entries[Math.max(0, entries.length - hops)];
  return isIP(chosen) ? chosen : socket;
}
