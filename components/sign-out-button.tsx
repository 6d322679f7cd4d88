"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { api } from "./api-client";

export function SignOutButton() {
  const t = useTranslations("nav");
  const router = useRouter();
  return (
    <button
      type="button"
      className="text-sm text-slate-600 hover:text-slate-900"
      onClick={async () => {
        await api("/api/v1/auth/sign-out", { method: "POST" });
        router.push("/");
        router.refresh();
      }}
    >
      {t("signOut")}
    </button>
  );
}
