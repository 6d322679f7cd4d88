import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";

/** Addresses a fetch on behalf of a stranger-supplied URL must never reach: this host, the private network, link-local (cloud metadata), multicast, reserved. */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12], ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24], ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4]] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, "ipv4");
}
// BlockList checks IPv4-mapped IPv6 (::ffff:10.0.0.1) against the IPv4 rules; NAT64 is refused whole (it can name any IPv4 address).
for (const [network, prefix] of [["::", 128], ["::1", 128], ["64:ff9b::", 96], ["100::", 64], ["2001:db8::", 32], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8]] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, "ipv6");
}

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && !NOT_PUBLIC.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** A fetch refused by our rules (address, redirect, type, size); its message is ours, never the remote server's text. */
export class OutboundRefused extends Error {}

export interface OutboundOptions {
  maxBytes: number;
  /** Media types accepted (`video/mp4`); anything else is refused before its body is read. */
  contentTypes: readonly string[];
  timeoutMs: number;
  /** Loopback and private addresses too: only for tests and local fakes (OUTBOUND_ALLOW_PRIVATE). */
  allowPrivate?: boolean;
  /** Which addresses may be reached when private ones are not allowed; public ones by default. */
  addressPolicy?: (address: string) => boolean;
  maxRedirects?: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The connection's own resolver: every address the name resolves to must be public, and the socket
 * connects only to those checked addresses (a second lookup cannot swap in a private one).
 */
function checkedLookup(allowed: (address: string) => boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 0);
      const list = addresses as unknown as LookupAddress[];
      if (list.length === 0 || list.some((a) => !allowed(a.address))) {
        return callback(new OutboundRefused(`${hostname} resolves to a private or reserved address`), "", 0);
      }
      if (options.all) return callback(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

function get(url: URL, options: OutboundOptions, signal: AbortSignal): Promise<IncomingMessage> {
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new OutboundRefused(`Only http and https URLs are fetched, not ${url.protocol}`);
  const allowed = options.allowPrivate ? () => true : (options.addressPolicy ?? isPublicAddress);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  // An address literal is never looked up, so it is checked here.
  if (isIP(host) && !allowed(host)) throw new OutboundRefused(`${host} is a private or reserved address`);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: "GET", signal, lookup: checkedLookup(allowed), headers: { accept: options.contentTypes.join(", ") } });
    req.on("response", resolve);
    req.on("error", reject);
    req.end();
  });
}

async function readCapped(res: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) {
      res.destroy();
      throw new OutboundRefused(`The file is larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * GETs a URL someone else chose (a provider's result link): public addresses only, at every
 * redirect hop (followed here, at most `maxRedirects`), an allowed content type, at most `maxBytes`.
 */
export async function fetchOutbound(rawUrl: string, options: OutboundOptions): Promise<{ bytes: Buffer; contentType: string }> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let url = new URL(rawUrl);
  for (let hop = 0; ; hop++) {
    const res = await get(url, options, signal);
    const location = res.headers.location;
    if (REDIRECTS.has(res.statusCode ?? 0) && location) {
      res.resume();
      if (hop >= (options.maxRedirects ?? 3)) throw new OutboundRefused("Too many redirects");
      url = new URL(location, url);
      continue;
    }
    if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) > 299) {
      res.resume();
      throw new OutboundRefused(`The server answered ${res.statusCode}`);
    }
    const contentType = (res.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
    if (!options.contentTypes.includes(contentType)) {
      res.resume();
      throw new OutboundRefused(`Content type ${contentType || "(none)"} is not accepted`);
    }
    if (Number(res.headers["content-length"] ?? 0) > options.maxBytes) {
      res.destroy();
      throw new OutboundRefused(`The file is larger than ${options.maxBytes} bytes`);
    }
    return { bytes: await readCapped(res, options.maxBytes), contentType };
  }
}
