import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { ProfileForm } from "@/components/account-forms";
import { UnblockButton } from "@/components/entity-form";
import { Card, PageTitle } from "@/components/ui";
import { getMe, listBlockedEntities } from "@/src/modules/members/service";
import { categoryIds } from "@/src/modules/opportunities/categories";
import { pageContext, requirePageUser } from "@/src/platform/auth/page-actor";

export default async function AccountPage() {
  const actor = await requirePageUser("/account");
  const ctx = await pageContext(actor);
  const [me, blocked] = await Promise.all([getMe(ctx), listBlockedEntities(ctx)]);
  const t = await getTranslations("account");
  const tr = await getTranslations("roles");
  const ts = await getTranslations("accountSecurity");
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
        <Link href="/account/security" className="text-lg font-semibold underline" data-testid="security-link">
          {ts("link")}
        </Link>
        <p className="mt-1 text-sm text-slate-600">{ts("linkIntro")}</p>
      </Card>
      <Card>
        <h2 className="text-lg font-semibold">{t("blocked")}</h2>
        <p className="mb-3 text-sm text-slate-600">{t("blockedIntro")}</p>
        {blocked.length === 0 ? (
          <p className="text-sm text-slate-500">{t("noBlocked")}</p>
        ) : (
          <ul className="space-y-2" data-testid="blocked-list">
            {blocked.map((b) => (
              <li key={b.id} className="flex items-center justify-between gap-2 text-sm">
                <span>{b.name ?? t("blockedUnavailable")}</span>
                <UnblockButton id={b.id} />
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
