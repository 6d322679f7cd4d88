import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { LiveRefresh } from "@/components/live";
import { MarkAllReadButton, MarkReadButton, PreferencesForm } from "@/components/notification-actions";
import { EmptyState, PageTitle } from "@/components/ui";
import { getPreferences, listNotifications } from "@/src/modules/notifications/service";
import { NOTIFICATION_TYPES } from "@/src/modules/notifications/types";
import { orNotFound, pageContext, requirePageUser } from "@/src/platform/auth/page-actor";
import type { Locale } from "@/src/platform/config/ring-config";
import { requireModule } from "@/src/platform/config/require-module";

type Search = Promise<{ unread?: string; type?: string; cursor?: string }>;

export default async function NotificationsPage({ searchParams }: { searchParams: Search }) {
  requireModule("notifications");
  const ctx = await pageContext(await requirePageUser("/notifications"));
  const params = await searchParams;
  const t = await getTranslations("notifications");
  const tc = await getTranslations("common");
  const format = await getFormatter();
  const unread = params.unread === "true" || params.unread === "false" ? params.unread : undefined;
  const type = NOTIFICATION_TYPES.find((x) => x === params.type);
  const [result, preferences] = await Promise.all([orNotFound(listNotifications(ctx, { unread, type, cursor: params.cursor, limit: 30 }, (await getLocale()) as Locale)), getPreferences(ctx)]);
  const filters = [
    { label: t("all"), href: "?" },
    { label: t("unreadOnly"), href: "?unread=true" },
    { label: t("readOnly"), href: "?unread=false" },
  ];
  return (
    <div className="mx-auto max-w-3xl">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <PageTitle title={t("title")} />
        {ctx.actor.kind === "user" && <LiveRefresh channel={`user:${ctx.actor.userId}`} match={{ types: ["notification.created"] }} />}
        {result.unreadCount > 0 && <MarkAllReadButton />}
      </div>
      <nav className="mb-4 flex gap-2 text-sm">
        {filters.map((f) => (
          <Link key={f.href} href={f.href} className="rounded-full border border-slate-300 px-3 py-1 no-underline">
            {f.label}
          </Link>
        ))}
      </nav>
      {result.items.length === 0 ? (
        <EmptyState>{t("empty")}</EmptyState>
      ) : (
        <ul className="space-y-2" data-testid="notification-list">
          {result.items.map((n) => (
            <li key={n.id} className={`rounded-lg border p-4 ${n.readAt ? "border-slate-200 bg-white" : "border-primary/40 bg-indigo-50"}`} data-read={Boolean(n.readAt)}>
              <div className="flex items-start justify-between gap-4">
                <div>
                  <p className="font-medium">{n.link ? <Link href={n.link}>{n.title}</Link> : n.title}</p>
                  {n.body && <p className="mt-1 text-sm text-slate-600">{n.body}</p>}
                  <p className="mt-1 text-xs text-slate-500">{format.dateTime(new Date(n.createdAt), { dateStyle: "medium", timeStyle: "short" })}</p>
                </div>
                {!n.readAt && <MarkReadButton id={n.id} />}
              </div>
            </li>
          ))}
        </ul>
      )}
      <section className="mt-10">
        <h2 className="mb-3 text-lg font-semibold">{t("preferences")}</h2>
        <PreferencesForm items={preferences.items} />
      </section>
      {result.nextCursor && (
        <p className="mt-4">
          <Link href={`?${new URLSearchParams({ ...(unread ? { unread } : {}), cursor: result.nextCursor })}`}>{tc("next")} →</Link>
        </p>
      )}
    </div>
  );
}
