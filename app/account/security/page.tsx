import { getFormatter, getTranslations } from "next-intl/server";
import { headers } from "next/headers";
import { ApiKeysManager, DeleteAccountForm, PasswordForm, SessionsManager, type SessionRow } from "@/components/account-security";
import { Card, PageTitle } from "@/components/ui";
import { listMyApiKeys } from "@/src/modules/account/api-keys";
import { listMySessions } from "@/src/modules/account/sessions";
import { myCredits } from "@/src/modules/payments/service";
import { pageContext, requirePageUser } from "@/src/platform/auth/page-actor";
import { isModuleEnabled } from "@/src/platform/config/ring-config";
import { DomainError } from "@/src/platform/http/errors";

export const metadata = { title: "Account security" };

/** What a list service answers, or null when it refuses this sign-in (an old session for the sign-ins, an API key for both). */
async function unlessRefused<T>(work: Promise<T>): Promise<T | null> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof DomainError && e.code === "forbidden") return null;
    throw e;
  }
}

export default async function AccountSecurityPage() {
  const ctx = await pageContext(await requirePageUser("/account/security"));
  const requestHeaders = new Headers(await headers());
  const t = await getTranslations("accountSecurity");
  const format = await getFormatter();
  const when = (iso: string) => format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short" });
  const [keys, sessions, credits] = await Promise.all([
    unlessRefused(listMyApiKeys(ctx, requestHeaders)),
    unlessRefused(listMySessions(ctx, requestHeaders)),
    isModuleEnabled("payments") ? myCredits(ctx).then((c) => c.balance) : 0,
  ]);
  const sessionRows: SessionRow[] = (sessions?.items ?? []).map((s) => ({ ...s, createdAt: when(s.createdAt), lastSeenAt: when(s.lastSeenAt) }));
  const consequences = [t("deleteProfile"), t("deletePublished"), t("deleteMoney"), t("deleteSignIn"), ...(credits > 0 ? [t("deleteCredits", { balance: credits })] : [])];
  return (
    <div className="space-y-6">
      <PageTitle title={t("title")} intro={t("intro")} />
      <Card>
        <ApiKeysManager keys={(keys?.items ?? []).map((k) => ({ ...k, createdAt: when(k.createdAt), lastUsedAt: k.lastUsedAt && when(k.lastUsedAt) }))} />
      </Card>
      <Card>
        <SessionsManager sessions={sessionRows} unavailable={sessions ? null : t("sessionsNeedFreshSignIn")} />
      </Card>
      <Card>
        <PasswordForm />
      </Card>
      <Card>
        <h2 className="text-lg font-semibold">{t("export")}</h2>
        <p className="mb-3 text-sm text-slate-600">{t("exportIntro")}</p>
        <a href="/api/v1/me/export" download className="inline-flex rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-100" data-testid="export-data">
          {t("exportButton")}
        </a>
      </Card>
      <Card>
        <DeleteAccountForm consequences={consequences} />
      </Card>
    </div>
  );
}
