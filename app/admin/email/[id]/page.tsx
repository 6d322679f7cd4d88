import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { DraftEditor, ReplyWriter, ThreadActions } from "@/components/email";
import { Alert, Badge, Card, PageTitle } from "@/components/ui";
import type { SenderAuthentication } from "@/src/modules/email/authentication-results";
import { getThread } from "@/src/modules/email/service";
import { adminPageContext, orNotFound } from "@/src/platform/auth/page-actor";
import { requireModule } from "@/src/platform/config/require-module";

export const metadata = { title: "Email thread" };

export default async function ThreadPage({ params }: { params: Promise<{ id: string }> }) {
  requireModule("email-crm");
  const { id } = await params;
  const ctx = await adminPageContext(`/admin/email/${id}`);
  const t = await getTranslations("email");
  const safety = await getTranslations("emailSafety");
  const format = await getFormatter();
  const thread = await orNotFound(getThread(ctx, id));
  const waiting = thread.drafts.find((d) => d.status !== "rejected" && d.status !== "sent");
  const draft = waiting ?? thread.drafts[0];
  const senderLine = (auth: SenderAuthentication) => {
    if (!auth.verified && auth.authservId === null && auth.dmarc === null && auth.spf === null && auth.dkim === null) return safety("senderUnknown");
    const none = safety("noResult");
    return safety(auth.verified ? "senderVerified" : "senderNotVerified", { server: auth.authservId ?? safety("receivingServer"), dmarc: auth.dmarc ?? none, spf: auth.spf ?? none, dkim: auth.dkim ?? none });
  };
  return (
    <div className="space-y-4">
      <Link href="/admin/email">← {t("back")}</Link>
      <PageTitle title={thread.subject || "—"} />
      <p className="flex flex-wrap gap-2 text-sm">
        <Badge tone={thread.status === "held" ? "red" : thread.status === "answered" ? "green" : "blue"}>
          <span data-testid="thread-status">{t(`status_${thread.status}` as "status_open")}</span>
        </Badge>
        {thread.contact && (
          <span>
            {t("contact")}: {thread.contact.name ? `${thread.contact.name} <${thread.contact.email}>` : thread.contact.email}
            {thread.contact.company && ` · ${thread.contact.company}`}
            {thread.contact.userId && ` · ${t("member")}`}
          </span>
        )}
        <ThreadActions id={thread.id} status={thread.status} />
      </p>
      {thread.messages.map((m) => (
        <Card key={m.id} className={m.direction === "out" ? "bg-slate-50" : undefined}>
          <p className="text-sm text-slate-600">
            {t("from")}: {m.fromName ? `${m.fromName} <${m.from}>` : m.from} · {format.dateTime(new Date(m.receivedAt), { dateStyle: "short", timeStyle: "short" })}
            {m.automated && ` · ${t("automated")}`}
          </p>
          {m.senderAuth && (
            <p className="mt-1 text-xs" data-testid="sender-auth">
              <Badge tone={m.senderAuth.verified ? "green" : "amber"}>{senderLine(m.senderAuth)}</Badge>
            </p>
          )}
          <p className="mt-2 whitespace-pre-line" data-testid="message-text">
            {m.text}
          </p>
          {m.riskLevel !== "low" && (
            <Alert kind={m.riskLevel === "high" ? "error" : "warning"}>
              {t("risk", { level: m.riskLevel })} — {t("riskReasons")}: {m.riskFindings.map((f) => `${f.category.replace(/_/g, " ")} (“${f.excerpt}”)`).join("; ")}
            </Alert>
          )}
          {m.classification && (
            <p className="mt-2 text-xs text-slate-600" data-testid="classification">
              {t("intent")}: {m.classification.intent.replace(/_/g, " ")} · {t("sentiment")}: {m.classification.sentiment} · {t("language")}: {m.classification.language}
              {m.classification.reasons.length > 0 && ` · ${t("reasons")}: ${m.classification.reasons.join("; ")}`}
              {" · "}
              {m.classification.source === "model"
                ? t("classifiedByModel", { model: m.classification.model ?? "", confidence: Math.round((m.classification.confidence ?? 0) * 100) })
                : t("classifiedByRules")}
              {m.aiClassifyError && ` · ${t("modelFailed", { error: m.aiClassifyError })}`}
            </p>
          )}
        </Card>
      ))}
      <Card>
        <h2 className="mb-2 font-semibold">{t("drafts")}</h2>
        {draft && (
          <p className="mb-2 text-xs text-slate-600" data-testid="draft-source">
            {draft.source === "ai" ? t("draftByAi") : draft.source === "person" ? t("draftByPerson") : t("draftByTemplate")}
            {draft.autoSent && ` · ${t("autoSent")}`}
            {draft.aiError && ` · ${t("aiDraftFailed", { error: draft.aiError })}`}
          </p>
        )}
        {draft?.autoSendWithheld && (
          <div className="mb-2" data-testid="auto-send-withheld">
            <Alert kind="warning">{safety(`autoSendWithheld_${draft.autoSendWithheld}` as "autoSendWithheld_sender_unverified")}</Alert>
          </div>
        )}
        {draft ? <DraftEditor draft={{ id: draft.id, body: draft.body, status: draft.status, problems: draft.problems }} /> : <p className="text-sm text-slate-600">{t("noDraft")}</p>}
        {!waiting && (
          <div className="mt-4">
            <h3 className="mb-1 text-sm font-medium">{t("writeReply")}</h3>
            <ReplyWriter threadId={thread.id} />
          </div>
        )}
      </Card>
    </div>
  );
}
