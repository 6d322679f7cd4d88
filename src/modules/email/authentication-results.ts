/**
 * What the receiving mail server found about a message's sender, read from its
 * `Authentication-Results` header (RFC 8601). Every server on the way may add one, and a sender
 * may write any number into the message, so only the receiving server's counts: the top-most
 * header (added last), or, when EMAIL_AUTHSERV_ID names that server, the top-most header it signed.
 */

/** Stored with each inbound message; auto-send needs `verified`. */
export interface SenderAuthentication {
  /** DMARC passed; or, without a DMARC result, SPF and DKIM both passed for the From domain. */
  verified: boolean;
  /** The server whose header was read; null when there was none to trust. */
  authservId: string | null;
  dmarc: string | null;
  spf: string | null;
  dkim: string | null;
}

interface MethodResult {
  method: string;
  result: string;
  properties: Record<string, string>;
}

interface AuthenticationResults {
  /** Null when the server did not name itself (Microsoft 365 writes none). */
  authservId: string | null;
  results: MethodResult[];
}

/** Bounds on what a sender can make the parser read. */
const HEADER_CHARS = 4_000;
const HEADERS_READ = 20;

/** Splits a header value at `;` outside quoted strings, dropping (nested) comments; one pass over the text. */
function segments(value: string): string[] {
  const out: string[] = [];
  let current = "";
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === "\\" && (quoted || depth > 0)) {
      if (depth === 0) current += value.slice(i, i + 2);
      i++;
    } else if (quoted) {
      current += c;
      if (c === '"') quoted = false;
    } else if (c === "(") {
      // A comment separates what is around it, like a space.
      if (depth++ === 0) current += " ";
    }
    else if (c === ")" && depth > 0) depth--;
    else if (depth > 0) continue;
    else if (c === '"') {
      quoted = true;
      current += c;
    } else if (c === ";") {
      out.push(current);
      current = "";
    } else current += c;
  }
  out.push(current);
  return out.map((s) => s.trim());
}

const unquote = (value: string) => (value.length > 1 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value).toLowerCase();

/** Words, `=` and quoted strings (whole, spaces and all; an unclosed one runs to the end, so no start is scanned twice). */
const TOKEN = /"(?:[^"\\]|\\[\s\S]?)*"?|[^\s="]+|=/g;

/** `method=result property=value …`, or null for anything else (such as `none`). */
function methodResult(segment: string): MethodResult | null {
  const tokens = segment.match(TOKEN) ?? [];
  const [method, equals, result] = tokens;
  if (!method || method === "=" || equals !== "=" || !result || result === "=") return null;
  const properties: Record<string, string> = {};
  for (let i = 3; i + 2 < tokens.length; i++) {
    if (tokens[i + 1] !== "=" || tokens[i] === "=" || tokens[i + 2] === "=") continue;
    properties[tokens[i].toLowerCase()] ??= unquote(tokens[i + 2]);
    i += 2;
  }
  return { method: method.toLowerCase().split("/")[0], result: unquote(result), properties };
}

/** One header's value: the server that wrote it and the results of its methods. */
export function parseAuthenticationResults(header: string): AuthenticationResults {
  const parts = segments(header.slice(0, HEADER_CHARS));
  const name = parts[0].split(/\s/)[0];
  // A server name is a single value; a first part with "=" is already a result.
  const named = name !== "" && !name.includes("=");
  const results = (named ? parts.slice(1) : parts).map(methodResult).filter((r): r is MethodResult => r !== null);
  return { authservId: named ? unquote(name) : null, results };
}

/** The domain of an address or a bare domain, lower-case, without a trailing dot. */
const domainOf = (value: string | undefined) => value?.slice(value.lastIndexOf("@") + 1).replace(/[<>]/g, "").replace(/\.$/, "").toLowerCase() || null;

/**
 * The authenticated domain stands for the From domain: the same, or a parent of it (whoever holds
 * example.org holds mail.example.org). The reverse is not assumed: without the public-suffix list
 * a subdomain can belong to someone else.
 */
const aligned = (authenticated: string | null, from: string) => authenticated !== null && (authenticated === from || from.endsWith(`.${authenticated}`));

/** The receiving server's header: the top-most, or the top-most one it named itself in. */
function trustedHeader(headers: readonly string[], authservId: string | null): AuthenticationResults | undefined {
  if (!authservId) return headers.length ? parseAuthenticationResults(headers[0]) : undefined;
  const wanted = authservId.toLowerCase();
  for (const header of headers) {
    const parsed = parseAuthenticationResults(header);
    if (parsed.authservId === wanted) return parsed;
  }
  return undefined;
}

const UNVERIFIED: SenderAuthentication = { verified: false, authservId: null, dmarc: null, spf: null, dkim: null };

/**
 * The receiving server's verdict on a message from `fromAddress`, given its
 * Authentication-Results headers top-most first, and the receiving server's name if configured.
 */
export function senderAuthentication(headers: readonly string[], fromAddress: string, authservId: string | null): SenderAuthentication {
  const trusted = trustedHeader(headers.slice(0, HEADERS_READ), authservId);
  const from = domainOf(fromAddress);
  if (!trusted || !from) return UNVERIFIED;
  const of = (method: string) => trusted.results.filter((r) => r.method === method);
  const dmarc = of("dmarc");
  const spf = of("spf");
  const dkim = of("dkim");
  const alignedDkim = dkim.find((r) => r.result === "pass" && aligned(domainOf(r.properties["header.d"] ?? r.properties["header.i"]), from));
  const dmarcPassed = dmarc.length > 0 && dmarc.every((r) => r.result === "pass" && (r.properties["header.from"] === undefined || domainOf(r.properties["header.from"]) === from));
  const spfAndDkimPassed = dmarc.length === 0 && Boolean(alignedDkim) && spf.some((r) => r.result === "pass" && aligned(domainOf(r.properties["smtp.mailfrom"]), from));
  return {
    verified: dmarcPassed || spfAndDkimPassed,
    authservId: trusted.authservId,
    dmarc: dmarc[0]?.result ?? null,
    spf: spf[0]?.result ?? null,
    dkim: (alignedDkim ?? dkim[0])?.result ?? null,
  };
}
