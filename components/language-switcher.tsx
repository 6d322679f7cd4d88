"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";

const NAMES: Record<string, string> = { en: "English", uk: "Українська" };

export function LanguageSwitcher({ locales }: { locales: string[] }) {
  const locale = useLocale();
  const router = useRouter();
  const t = useTranslations("common");
  const [pending, start] = useTransition();
  return (
    <label className="flex items-center gap-1 text-sm">
      <span className="sr-only">{t("language")}</span>
      <select
        aria-label={t("language")}
        data-testid="language-switcher"
        className="rounded border border-slate-300 bg-white px-2 py-1 text-sm"
        value={locale}
        disabled={pending}
        onChange={(e) => {
          document.cookie = `NEXT_LOCALE=${e.target.value}; path=/; max-age=31536000; samesite=lax`;
          start(() => router.refresh());
        }}
      >
        {locales.map((l) => (
          <option key={l} value={l}>
            {NAMES[l] ?? l}
          </option>
        ))}
      </select>
    </label>
  );
}
