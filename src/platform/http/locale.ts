import { LOCALES, ringConfig, type Locale } from "../config/ring-config";

/** The reader's language for API text: ?locale=, the NEXT_LOCALE cookie, Accept-Language, else the ring's default. */
export function requestLocale(req: Request): Locale {
  const url = new URL(req.url);
  const candidates = [
    url.searchParams.get("locale"),
    /(?:^|;\s*)NEXT_LOCALE=(\w+)/.exec(req.headers.get("cookie") ?? "")?.[1],
    ...(req.headers.get("accept-language") ?? "").split(",").map((p) => p.split(";")[0].trim().slice(0, 2).toLowerCase()),
  ];
  return (candidates.find((c): c is Locale => Boolean(c) && (LOCALES as readonly string[]).includes(c!)) ?? ringConfig().defaultLocale) as Locale;
}
