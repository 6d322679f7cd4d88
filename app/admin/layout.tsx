import { getTranslations } from "next-intl/server";
import Link from "next/link";
import type { ReactNode } from "react";
import { requirePageRole } from "@/src/platform/auth/page-actor";
import { isModuleEnabled } from "@/src/platform/config/ring-config";

export const metadata = { robots: { index: false } };

/** The admin menu. Not the gate: every admin page checks its caller itself before reading anything. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requirePageRole("admin", "/admin");
  const t = await getTranslations("admin");
  const links = [
    { href: "/admin/users", label: t("users") },
    ...(isModuleEnabled("opportunities") ? [{ href: "/admin/opportunities", label: t("reviewQueue") }] : []),
    ...(isModuleEnabled("moderation") ? [{ href: "/admin/moderation", label: t("moderation") }] : []),
    ...(isModuleEnabled("verification") ? [{ href: "/admin/verifications", label: t("verifications") }] : []),
    ...(isModuleEnabled("matcher") ? [{ href: "/admin/matcher", label: t("matcher") }] : []),
    ...(isModuleEnabled("processes") ? [{ href: "/admin/processes", label: t("processes") }] : []),
    ...(isModuleEnabled("payments") ? [{ href: "/admin/payments", label: t("payments") }] : []),
    ...(isModuleEnabled("store") ? [{ href: "/admin/store", label: t("store") }] : []),
    ...(isModuleEnabled("email-crm") ? [{ href: "/admin/email", label: t("email") }] : []),
    ...(isModuleEnabled("newsroom") ? [{ href: "/newsroom", label: t("newsroom") }] : []),
    ...(isModuleEnabled("generative") ? [{ href: "/admin/media", label: t("media") }] : []),
    { href: "/admin/settings", label: t("settings") },
    { href: "/admin/audit", label: t("audit") },
    { href: "/admin/outbox", label: t("outbox") },
  ];
  return (
    <div className="grid gap-6 md:grid-cols-[12rem_1fr]">
      <nav aria-label={t("title")} className="flex flex-row flex-wrap gap-2 md:flex-col">
        {links.map((l) => (
          <Link key={l.href} href={l.href} className="rounded px-2 py-1 text-slate-700 hover:bg-slate-100">
            {l.label}
          </Link>
        ))}
      </nav>
      <div>{children}</div>
    </div>
  );
}
