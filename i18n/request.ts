import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { LOCALES, ringConfig, type Locale } from "@/src/platform/config/ring-config";

export const LOCALE_COOKIE = "NEXT_LOCALE";

function pickFromAcceptLanguage(value: string | null, allowed: readonly Locale[]): Locale | undefined {
  if (!value) return undefined;
  for (const part of value.split(",")) {
    const tag = part.split(";")[0].trim().slice(0, 2).toLowerCase();
    const hit = allowed.find((l) => l === tag);
    if (hit) return hit;
  }
  return undefined;
}

/** Locale: the cookie set by the language switcher, else Accept-Language, else the ring's default. */
export default getRequestConfig(async () => {
  const config = ringConfig();
  const allowed = config.locales.filter((l): l is Locale => (LOCALES as readonly string[]).includes(l));
  const fromCookie = (await cookies()).get(LOCALE_COOKIE)?.value as Locale | undefined;
  const locale =
    (fromCookie && allowed.includes(fromCookie) ? fromCookie : undefined) ??
    pickFromAcceptLanguage((await headers()).get("accept-language"), allowed) ??
    config.defaultLocale;
  return { locale, messages: (await import(`../messages/${locale}.json`)).default };
});
