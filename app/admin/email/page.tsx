import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { LiveRefresh } from "@/components/live";
import { Badge, Button, EmptyState, PageTitle, Select } from "@/components/ui";
import { INTENTS } from "@/src/modules/email/classify";
import { listThreads, mailboxHealth, threadChannels } from "@/src/modules/email/service";
import { adminPageContext } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";
import { flattenParams, oneOfParam, type RawSearchParams } from "@/src/platform/http/search-params";

export const metadata = { title: "Inbox" };

const STATUSES = ["open", "held", "answered", "closed"] as const;
const URGENCIES = ["low", "normal", "high", "critical"] as const;

export default async function InboxPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  requireModule("email-crm");
  const ctx = await adminPageContext("/admin/email");
  const t = await getTranslations("email");
  const safety = await getTranslations("emailSafety");
  const format = await getFormatter();
  const params = flattenParams(await searchParams);
  const [health, channels] = await Promise.all([mailboxHealth(ctx), threadChannels(ctx)]);
  const filters = { status: oneOfParam(STATUSES, params.status), urgency: oneOfParam(URGENCIES, params.urgency), intent: oneOfParam(INTENTS, params.intent), channel: oneOfParam(channels, params.channel) };
  const { items } = await listThreads(ctx, filters);
  return (
    <div className="space-y-4">
      <PageTitle title={t("title")} intro={t("intro")} />
      <div className="flex gap-4">
        <Link href="/admin/email/analytics">{t("analytics")} →</Link>
        <Link href="/admin/email/knowledge">{t("knowledge")} →</Link>
        <Link href="/admin/email/channels">{t("channels")} →</Link>
      </div>
      <LiveRefresh channel="admin" match={{ types: ["email.escalated"] }} />
      <form className="flex flex-wrap gap-2">
        <Select name="status" defaultValue={filters.status ?? ""} aria-label={t("anyStatus")}>
          <option value="">{t("anyStatus")}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status_${s}`)}
            </option>
          ))}
        </Select>
        <Select name="urgency" defaultValue={filters.urgency ?? ""} aria-label={t("anyUrgency")}>
          <option value="">{t("anyUrgency")}</option>
          {URGENCIES.map((u) => (
            <option key={u} value={u}>
              {t(`urgency_${u}`)}
            </option>
          ))}
        </Select>
        <Select name="intent" defaultValue={filters.intent ?? ""} aria-label={t("anyIntent")}>
          <option value="">{t("anyIntent")}</option>
          {INTENTS.map((i) => (
            <option key={i} value={i}>
              {i.replace(/_/g, " ")}
            </option>
          ))}
        </Select>
        {channels.length > 1 && (
          <Select name="channel" defaultValue={filters.channel ?? ""} aria-label={t("anyChannel")}>
            <option value="">{t("anyChannel")}</option>
            {channels.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </Select>
        )}
        <Button type="submit" variant="secondary">
          {t("filter")}
        </Button>
      </form>
      {items.length === 0 ? (
        <EmptyState>{t("none")}</EmptyState>
      ) : (
        <ul className="divide-y" data-testid="email-threads">
          {items.map((thread) => (
            <li key={thread.id} className="flex flex-wrap items-center gap-2 py-2">
              <Link href={`/admin/email/${thread.id}`} className="font-medium">
                {thread.subject || "—"}
              </Link>
              <span className="text-sm text-slate-600">{thread.contact}</span>
              {channels.length > 1 && <Badge>{thread.channel}</Badge>}
              <Badge tone={thread.status === "held" ? "red" : thread.status === "answered" ? "green" : "blue"}>{t(`status_${thread.status}` as "status_open")}</Badge>
              {thread.urgency && thread.urgency !== "normal" && <Badge tone={thread.urgency === "critical" || thread.urgency === "high" ? "red" : "slate"}>{t(`urgency_${thread.urgency}` as "urgency_low")}</Badge>}
              {thread.intent && <Badge>{thread.intent.replace(/_/g, " ")}</Badge>}
              {thread.escalated && <Badge tone="amber">{t("escalated")}</Badge>}
              {thread.hasDraft && <Badge tone="amber">{t("draftWaiting")}</Badge>}
              <span className="ml-auto text-xs text-slate-500">{format.dateTime(new Date(thread.lastMessageAt), { dateStyle: "short", timeStyle: "short" })}</span>
            </li>
          ))}
        </ul>
      )}
      <section aria-label={t("mailboxes")} className="space-y-2 text-sm" data-testid="mailboxes">
        <h2 className="font-semibold">{t("mailboxes")}</h2>
        {health.mailboxes.length === 0 ? (
          <p className="text-slate-600">{t("noMailboxes")}</p>
        ) : (
          <ul>
            {health.mailboxes.map((m) => (
              <li key={m.id} className="flex flex-wrap gap-2">
                <strong>
                  {m.channel} / {m.mailbox}
                </strong>
                <span>{t("lastUid", { uid: m.lastUid })}</span>
                {m.lastPolledAt && <span>{t("lastPoll", { at: format.dateTime(m.lastPolledAt, { dateStyle: "short", timeStyle: "short" }) })}</span>}
                {m.lastError && <Badge tone="red">{t("pollFailing", { failures: m.consecutiveFailures, error: m.lastError })}</Badge>}
              </li>
            ))}
          </ul>
        )}
        {health.quarantine.length > 0 && (
          <>
            <h3 className="font-medium">{t("quarantine", { count: health.quarantine.length })}</h3>
            <ul className="list-disc pl-5">
              {health.quarantine.map((q) => (
                <li key={q.id}>
                  {q.channel} / {q.mailbox} UID {q.uid}: {q.reason === "too_large" ? safety("quarantineTooLarge") : q.error} ({Math.ceil(q.size / 1024)} KB)
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </div>
  );
}
