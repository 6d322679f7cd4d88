import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { Card } from "@/components/ui";
import { memberCount } from "@/src/modules/members/service";
import { pageContext } from "@/src/platform/auth/page-actor";
import { localized, ringConfig, type Locale } from "@/src/platform/config/ring-config";

export default async function HomePage() {
  const config = ringConfig();
  const locale = (await getLocale()) as Locale;
  const t = await getTranslations("home");
  const tr = await getTranslations("roles");
  const ctx = await pageContext();
  const actor = ctx.actor;
  const count = await memberCount(ctx);
  return (
    <div className="space-y-6">
      <Card>
        <h1 className="text-3xl font-semibold">{t("welcome", { name: config.name })}</h1>
        {config.tagline && <p className="mt-2 text-lg text-slate-600">{localized(config.tagline, locale)}</p>}
        <p className="mt-4 text-slate-700">{t("whatIs")}</p>
        <p className="mt-2 text-sm text-slate-500" data-testid="members-count">
          {t("membersCount", { count })}
        </p>
        <div className="mt-6">
          {actor.kind === "user" ? (
            <div className="space-y-2">
              <p data-testid="signed-in-as">{t("signedInAs", { name: actor.name, role: tr(actor.role) })}</p>
              <Link href="/account">{t("profileCta")}</Link>
            </div>
          ) : (
            <Link href="/sign-up" className="rounded-md bg-primary px-4 py-2 text-white no-underline hover:no-underline">
              {t("joinCta")}
            </Link>
          )}
        </div>
      </Card>
    </div>
  );
}
