import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Alert } from "@/components/ui";
import { isEditor } from "@/src/modules/newsroom/service";
import { requirePageUser } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";
import { db } from "@/src/platform/db/client";

export const metadata = { robots: { index: false } };

export default async function NewsroomLayout({ children }: { children: ReactNode }) {
  requireModule("newsroom");
  const actor = await requirePageUser("/newsroom");
  const t = await getTranslations("newsroom");
  if (!(await isEditor(db(), actor))) return <Alert kind="error">{t("editorsOnly")}</Alert>;
  return <>{children}</>;
}
