"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, errorText, type FormMessage, resultMessage } from "./api-client";
import { Alert, Badge, Button, Textarea } from "./ui";

/** The drafted reply: edit it (an edit is an approval), approve or reject it, then send it. */
export function DraftEditor({ draft }: { draft: { id: string; body: string; status: string; problems: string[] } }) {
  const t = useTranslations("email");
  const router = useRouter();
  const [body, setBody] = useState(draft.body);
  const [message, setMessage] = useState<FormMessage>(null);
  const done = draft.status === "sent" || draft.status === "rejected";
  const act = async (path: string, init: { method?: string; body?: unknown } = {}, success?: string) => {
    const res = await api(`/api/v1/admin/email/drafts/${draft.id}${path}`, { method: init.method ?? "POST", body: init.body ?? {} });
    setMessage(resultMessage(res, success ?? null));
    if (res.ok) router.refresh();
  };
  return (
    <div className="space-y-2">
      <Badge tone={draft.status === "sent" ? "green" : draft.status === "rejected" ? "slate" : "amber"}>
        <span data-testid="draft-status">{t(`draftStatus_${draft.status}` as "draftStatus_pending")}</span>
      </Badge>
      {draft.problems.length > 0 && <Alert kind="warning">{t("problems", { problems: draft.problems.join("; ") })}</Alert>}
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      <Textarea value={body} onChange={(e) => setBody(e.target.value)} rows={10} disabled={done} aria-label={t("drafts")} className="w-full font-mono text-sm" />
      {!done && (
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" disabled={body === draft.body} onClick={() => act("", { method: "PUT", body: { body } })}>
            {t("saveEdit")}
          </Button>
          {draft.status === "pending" && (
            <Button variant="secondary" onClick={() => act("/approve")}>
              {t("approve")}
            </Button>
          )}
          <Button disabled={draft.status === "pending" || body !== draft.body} onClick={() => act("/send", {}, t("sent"))}>
            {t("send")}
          </Button>
          <Button variant="danger" onClick={() => act("/reject")}>
            {t("reject")}
          </Button>
        </div>
      )}
    </div>
  );
}

/** Close a thread, open it again, or release one held for risk after reading it. */
export function ThreadActions({ id, status }: { id: string; status: string }) {
  const t = useTranslations("email");
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const next = status === "closed" || status === "held" ? "open" : "closed";
  const label = status === "held" ? t("releaseHold") : status === "closed" ? t("reopen") : t("closeThread");
  const act = async () => {
    const res = await api(`/api/v1/admin/email/threads/${id}`, { method: "PATCH", body: { status: next } });
    setError(res.ok ? null : errorText(res.error));
    if (res.ok) router.refresh();
  };
  return (
    <span className="inline-flex items-center gap-2">
      <Button variant="secondary" onClick={act}>
        {label}
      </Button>
      {error && <Alert kind="error">{error}</Alert>}
    </span>
  );
}

/** A reply the admin writes themselves, when there is no draft to work from. */
export function ReplyWriter({ threadId }: { threadId: string }) {
  const t = useTranslations("email");
  const router = useRouter();
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const res = await api(`/api/v1/admin/email/threads/${threadId}/drafts`, { body: { body } });
    if (!res.ok) return setError(errorText(res.error));
    setError(null);
    router.refresh();
  };
  return (
    <form onSubmit={save} className="space-y-2" aria-label={t("writeReply")}>
      {error && <Alert kind="error">{error}</Alert>}
      <Textarea value={body} onChange={(e) => setBody(e.target.value)} rows={6} required aria-label={t("writeReply")} className="w-full text-sm" />
      <Button type="submit" disabled={!body.trim()}>
        {t("saveReply")}
      </Button>
    </form>
  );
}
