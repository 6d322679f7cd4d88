import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { ChannelForm, DeleteChannel, TestChannel } from "@/components/email-channels";
import { Badge, Card, EmptyState, PageTitle } from "@/components/ui";
import { listChannels } from "@/src/modules/email/channels";
import { adminPageContext } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";

export const metadata = { title: "Mail channels" };

export default async function ChannelsPage() {
  requireModule("email-crm");
  const ctx = await adminPageContext("/admin/email/channels");
  const t = await getTranslations("email");
  const format = await getFormatter();
  const { items } = await listChannels(ctx);
  return (
    <div className="space-y-4">
      <Link href="/admin/email">← {t("back")}</Link>
      <PageTitle title={t("channels")} intro={t("channelsIntro")} />
      {items.length === 0 ? (
        <EmptyState>{t("noChannels")}</EmptyState>
      ) : (
        <ul className="space-y-3" data-testid="channels">
          {items.map((c) => (
            <li key={c.id}>
              <Card className="space-y-3">
                <div className="flex flex-wrap items-center gap-2">
                  <strong>{c.name}</strong>
                  <span className="text-sm text-slate-600">
                    {c.username}@{c.host}:{c.port} / {c.mailbox}
                  </span>
                  <Badge>{t(`flow_${c.flow}`)}</Badge>
                  {!c.enabled && <Badge tone="slate">{t("channelDisabled")}</Badge>}
                  {!c.passwordSet && <Badge tone="red">{t("passwordMissing", { name: c.passwordEnv })}</Badge>}
                  {c.smtpSet === false && c.smtpUrlEnv && <Badge tone="red">{t("passwordMissing", { name: c.smtpUrlEnv })}</Badge>}
                  {c.replyFrom && <span className="text-xs text-slate-600">{t("repliesFrom", { address: c.replyFrom })}</span>}
                  {c.readOnly && <Badge tone="blue">{t("fromEnvironment")}</Badge>}
                  {c.lastError ? (
                    <Badge tone="red">{t("lastPollFailed", { error: c.lastError })}</Badge>
                  ) : (
                    c.lastPolledAt && <span className="text-xs text-slate-500">{t("lastPoll", { at: format.dateTime(new Date(c.lastPolledAt), { dateStyle: "short", timeStyle: "short" }) })}</span>
                  )}
                </div>
                <TestChannel id={c.id} passwordEnv={c.passwordEnv} />
                {!c.readOnly && (
                  <details>
                    <summary className="cursor-pointer text-sm">{t("editChannel", { name: c.name })}</summary>
                    <div className="mt-2 space-y-2">
                      <ChannelForm channel={c} />
                      <DeleteChannel id={c.id} />
                    </div>
                  </details>
                )}
              </Card>
            </li>
          ))}
        </ul>
      )}
      <Card>
        <h2 className="mb-2 font-semibold">{t("addChannel")}</h2>
        <ChannelForm />
      </Card>
    </div>
  );
}
