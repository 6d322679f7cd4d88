/**
 * Why a connection to an IMAP server failed, in our own words. The server's greeting, its error
 * text and its certificate's names are written by whoever runs it: they are never shown or stored.
 */
export const IMAP_FAILURES = ["password_missing", "dns", "refused", "tls", "auth", "mailbox", "timeout", "failed"] as const;
export type ImapFailure = (typeof IMAP_FAILURES)[number];

export const IMAP_FAILURE_TEXT: Record<ImapFailure, string> = {
  password_missing: "The password variable is not set in the environment",
  dns: "The server's name could not be found (DNS)",
  refused: "The server could not be reached: the connection was refused",
  tls: "The secure connection (TLS) failed: check the TLS setting and the server's certificate",
  auth: "The server refused the user name or password",
  mailbox: "The mailbox does not exist or could not be opened",
  timeout: "The server did not answer in time",
  failed: "The server did not answer as an IMAP server",
};

const DNS = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NONAME"]);
const REFUSED = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"]);
const TIMEOUT = new Set(["CONNECT_TIMEOUT", "GREETING_TIMEOUT", "UPGRADE_TIMEOUT", "ETIMEOUT", "ETIMEDOUT"]);
const TLS = /^(?:ERR_SSL_|ERR_TLS_|ERR_OSSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)|^ClosedAfterConnectTLS$/;

/**
 * The class of an error from connecting and signing in, or (`openingMailbox`) from opening the
 * mailbox afterwards: read from its code and flags, never from its text.
 */
export function imapFailure(error: unknown, openingMailbox = false): ImapFailure {
  const e = (error ?? {}) as { code?: unknown; authenticationFailed?: unknown; responseStatus?: unknown };
  if (e.authenticationFailed) return "auth";
  const code = typeof e.code === "string" ? e.code : "";
  if (DNS.has(code)) return "dns";
  if (REFUSED.has(code)) return "refused";
  if (TIMEOUT.has(code)) return "timeout";
  if (TLS.test(code)) return "tls";
  if (openingMailbox && (code === "NotFound" || e.responseStatus === "NO" || e.responseStatus === "BAD")) return "mailbox";
  return "failed";
}
