/** Methods that change state; a cross-site page may send them with the visitor's cookies. */
const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Machine callers proving themselves with a signature or a secret, never with a browser's cookie. */
const EXEMPT_PATHS = [/^\/api\/webhooks\//, /^\/api\/cron\//];

export interface RequestSignals {
  method: string;
  path: string;
  origin?: string;
  secFetchSite?: string;
  hasSessionCookie: boolean;
  hasBearerToken: boolean;
  isUpgrade: boolean;
}

/**
 * Whether a request must be refused as cross-site: it rides on the session cookie (a bearer token or
 * API key is never sent by a browser on its own), changes state or opens a WebSocket, and its
 * `Origin` is not one of ours. Without `Origin`, `Sec-Fetch-Site` decides; with neither (old
 * browsers, scripts) SameSite=Lax is the remaining guard.
 */
export function isCrossSiteRefused(req: RequestSignals, allowedOrigins: ReadonlySet<string>): boolean {
  if (!req.hasSessionCookie || req.hasBearerToken) return false;
  if (!req.isUpgrade && !STATE_CHANGING.has(req.method.toUpperCase())) return false;
  if (EXEMPT_PATHS.some((p) => p.test(req.path))) return false;
  if (req.origin !== undefined) return !allowedOrigins.has(req.origin.toLowerCase());
  if (req.secFetchSite !== undefined) return !["same-origin", "none"].includes(req.secFetchSite.toLowerCase());
  return false;
}

/**
 * The origins a browser may send state changes from: the app's own and the extra ones an operator
 * lists (comma- or space-separated URLs). Entries that are not http(s) URLs are ignored.
 */
export function allowedOrigins(appUrls: readonly string[], extra: string): Set<string> {
  const origins = new Set<string>();
  for (const candidate of [...appUrls, ...extra.split(/[\s,]+/)]) {
    if (!candidate || !URL.canParse(candidate)) continue;
    const url = new URL(candidate);
    if (url.protocol === "http:" || url.protocol === "https:") origins.add(url.origin.toLowerCase());
  }
  return origins;
}
