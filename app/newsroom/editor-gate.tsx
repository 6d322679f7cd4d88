import { getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui";
import { isEditor } from "@/src/modules/newsroom/service";
import { pageContext, requirePageUser } from "@/src/platform/auth/page-actor";
import type { Ctx } from "@/src/platform/context";

/**
 * The newsroom's gate, called by each newsroom page before it reads anything (its layout's check
 * alone would not stop the page from streaming): visitors go to sign-in, accounts that are not
 * editors get null and show <EditorsOnly />.
 */
export async function editorPageContext(returnTo: string): Promise<Ctx | null> {
  const ctx = await pageContext(await requirePageUser(returnTo));
  return (await isEditor(ctx.db, ctx.actor)) ? ctx : null;
}

export async function EditorsOnly() {
  const t = await getTranslations("newsroom");
  return <Alert kind="error">{t("editorsOnly")}</Alert>;
}
