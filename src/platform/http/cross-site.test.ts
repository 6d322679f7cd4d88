import { describe, expect, it } from "vitest";
import { allowedOrigins, isCrossSiteRefused, type RequestSignals } from "./cross-site";

const ours = allowedOrigins(["https://ring.example.org/"], "https://partner.example.com, not a url, ftp://x.example");
const cookiePost: RequestSignals = { method: "POST", path: "/api/v1/opportunities", hasSessionCookie: true, hasBearerToken: false, isUpgrade: false };

describe("isCrossSiteRefused", () => {
  it("a cookie POST from another site is refused", () => {
    expect(isCrossSiteRefused({ ...cookiePost, origin: "https://evil.example" }, ours)).toBe(true);
    expect(isCrossSiteRefused({ ...cookiePost, origin: "null" }, ours)).toBe(true);
  });

  it("a cookie POST from our origin or a listed extra origin passes", () => {
    expect(isCrossSiteRefused({ ...cookiePost, origin: "https://ring.example.org" }, ours)).toBe(false);
    expect(isCrossSiteRefused({ ...cookiePost, origin: "https://partner.example.com" }, ours)).toBe(false);
  });

  it("the same host on another scheme or port is another origin", () => {
    expect(isCrossSiteRefused({ ...cookiePost, origin: "http://ring.example.org" }, ours)).toBe(true);
    expect(isCrossSiteRefused({ ...cookiePost, origin: "https://ring.example.org:8443" }, ours)).toBe(true);
  });

  it("without Origin, Sec-Fetch-Site decides; with neither, the request passes", () => {
    expect(isCrossSiteRefused({ ...cookiePost, secFetchSite: "cross-site" }, ours)).toBe(true);
    expect(isCrossSiteRefused({ ...cookiePost, secFetchSite: "same-site" }, ours)).toBe(true);
    expect(isCrossSiteRefused({ ...cookiePost, secFetchSite: "same-origin" }, ours)).toBe(false);
    expect(isCrossSiteRefused(cookiePost, ours)).toBe(false);
  });

  it("server actions on pages are checked like API calls", () => {
    expect(isCrossSiteRefused({ ...cookiePost, path: "/admin/settings", origin: "https://evil.example" }, ours)).toBe(true);
  });

  it("reads, bearer and API-key calls, cookie-less calls, webhooks and cron are exempt", () => {
    const evil = { ...cookiePost, origin: "https://evil.example" };
    expect(isCrossSiteRefused({ ...evil, method: "GET" }, ours)).toBe(false);
    expect(isCrossSiteRefused({ ...evil, hasBearerToken: true }, ours)).toBe(false);
    expect(isCrossSiteRefused({ ...evil, hasSessionCookie: false }, ours)).toBe(false);
    expect(isCrossSiteRefused({ ...evil, path: "/api/webhooks/email/inbound" }, ours)).toBe(false);
    expect(isCrossSiteRefused({ ...evil, path: "/api/cron/opportunity-expiry" }, ours)).toBe(false);
  });

  it("a WebSocket upgrade with the cookie is checked even though it is a GET", () => {
    const upgrade = { ...cookiePost, method: "GET", path: "/api/tunnel/ws", isUpgrade: true };
    expect(isCrossSiteRefused({ ...upgrade, origin: "https://evil.example" }, ours)).toBe(true);
    expect(isCrossSiteRefused({ ...upgrade, origin: "https://ring.example.org" }, ours)).toBe(false);
  });
});

describe("allowedOrigins", () => {
  it("keeps origins of http(s) URLs only, lower-cased, without paths", () => {
    expect([...allowedOrigins(["HTTPS://Ring.Example.org/path"], "http://localhost:3000/x ftp://a.b nonsense")].sort()).toEqual(["http://localhost:3000", "https://ring.example.org"]);
  });
});
