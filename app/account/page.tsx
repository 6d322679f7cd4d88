import { getTranslations } from "next-intl/server";
import { ApiKeysPanel, ProfileForm } from "@/components/account-forms";
import { Card, PageTitle } from "@/components/ui";
import { getMe } from "@/src/modules/members/service";
import { categoryIds } from "@/src/modules/opportunities/categories";
import { pageContext, requirePageUser } from "@/src/platform/auth/page-actor";

export default async function AccountPage() {
  const actor = await requirePageUser("/account");
  const me = await getMe(await pageContext(actor));
  const t = await getTranslations("account");
  const tr = await getTranslations("roles");
  return (
    <div className="space-y-6">
      <PageTitle title={t("title")} intro={t("intro")} />
      <p className="text-sm text-slate-600" data-testid="my-role">
        {me.name} · {me.email} · {t("role", { role: tr(me.role) })}
      </p>
      <Card>
        <ProfileForm profile={me.profile} categories={categoryIds()} />
      </Card>
      <Card>
        <ApiKeysPanel />
      </Card>
    </div>
  );
}
