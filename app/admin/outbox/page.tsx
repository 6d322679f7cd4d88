import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { Alert, Badge, EmptyState, PageTitle } from "@/components/ui";
import { env } from "@/src/platform/config/env";
import { adminPageContext, orNotFound } from "@/src/platform/auth/page-actor";
import { listOutbox } from "@/src/platform/mail/outbox";
import { smtpConfigured } from "@/src/platform/mail/transport";

type Search = Promise<Record<string, string | undefined>>;

export default async function AdminOutboxPage({ searchParams }: { searchParams: Search }) {
  const ctx = await adminPageContext("/admin/outbox");
  const params = await searchParams;
  const t = await getTranslations("admin");
  const tc = await getTranslations("common");
  const format = await getFormatter();
  const { items, nextCursor } = await orNotFound(listOutbox(ctx, { cursor: params.cursor, limit: 25 }));
  return (
    <div className="space-y-4">
      <PageTitle title={t("outbox")} intro={t("outboxIntro")} />
      <Alert kind={smtpConfigured(env()) ? "info" : "warning"}>{smtpConfigured(env()) ? t("smtpOn") : t("smtpOff")}</Alert>
      {items.length === 0 ? (
        <EmptyState>{tc("empty")}</EmptyState>
      ) : (
        <ul className="space-y-3" data-testid="outbox-list">
          {items.map((mail) => (
            <li key={mail.id} className="rounded-md border border-slate-200 bg-white p-4" data-to={mail.to}>
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <Badge tone={mail.status === "sent" ? "green" : mail.status === "failed" ? "red" : "amber"}>{t(`status_${mail.status as "sent"}`)}</Badge>
                <span>
                  {t("to")}: <strong>{mail.to}</strong>
                </span>
                <span className="text-slate-500">{format.dateTime(mail.createdAt, { dateStyle: "short", timeStyle: "medium" })}</span>
              </div>
              <p className="mt-1 font-medium">{mail.subject}</p>
              <pre className="mt-2 whitespace-pre-wrap break-all text-sm text-slate-700" data-testid="mail-body">
                {mail.text}
              </pre>
              {mail.lastError && <p className="mt-1 text-xs text-red-600">{mail.lastError}</p>}
            </li>
          ))}
        </ul>
      )}
      {nextCursor && (
        <p>
          <Link href={`?cursor=${nextCursor}`}>{tc("next")} →</Link>
        </p>
      )}
    </div>
  );
}
