import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Alert } from "@/components/ui";
import { hasRole } from "@/src/platform/auth/roles";
import { requirePageUser } from "@/src/platform/auth/page-actor";

export const metadata = { robots: { index: false, follow: false } };

/** The confidential tier: visitors go to sign-in; roles below confidential get a clear explanation. */
export default async function ConfidentialLayout({ children }: { children: ReactNode }) {
  const actor = await requirePageUser("/confidential");
  if (!hasRole(actor.role, "confidential")) {
    const t = await getTranslations("confidential");
    return (
      <Alert kind="warning">
        <strong>{t("deniedTitle")}</strong> — {t("deniedBody")}
      </Alert>
    );
  }
  return children;
}
