/** A made-up origin to resolve against: a target that leaves it would leave the ring. */
const HOME = "http://ringlet.invalid";

/**
 * Where to go after signing in: a path on this site, else "/". Refuses anything a browser could read
 * as another host — `//evil.com`, `/\evil.com` (browsers treat `\` as `/`), their percent-encoded
 * forms, absolute and scheme URLs — and control characters or whitespace, which browsers strip.
 */
export function safeNext(value: string | null | undefined): string {
  if (!value || value.length > 2_000 || !value.startsWith("/")) return "/";
  if (/[\\\s\p{Cc}]/u.test(value) || /%(2f|5c|25|0|1|7f)/i.test(value) || value.startsWith("//")) return "/";
  if (!URL.canParse(value, HOME)) return "/";
  const url = new URL(value, HOME);
  // Dot segments are resolved only now: `/.//evil.com` becomes `//evil.com`, another host again.
  if (url.origin !== HOME || url.pathname.startsWith("//")) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
