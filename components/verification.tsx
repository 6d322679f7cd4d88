"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { VerificationDto } from "@/src/modules/verification/service";
import { api, errorText } from "./api-client";
import { Alert, Badge, Button, Input, Textarea } from "./ui";

const ITEM_TONE = { missing: "slate", submitted: "blue", accepted: "green", rejected: "red" } as const;

async function uploadDocument(file: File): Promise<{ id: string } | { error: string }> {
  const form = new FormData();
  form.set("purpose", "verification");
  form.set("file", file);
  const res = await fetch("/api/v1/files", { method: "POST", body: form, credentials: "same-origin" });
  const body = await res.json().catch(() => null);
  return res.ok ? { id: body.id as string } : { error: (body?.error?.message as string) ?? res.statusText };
}

function History({ procedure }: { procedure: VerificationDto }) {
  const t = useTranslations("verification");
  return (
    <details className="text-xs text-slate-600">
      <summary>{t("history")}</summary>
      <ol className="mt-1 space-y-1">
        {procedure.history.map((h, i) => (
          <li key={i}>
            {new Date(h.at).toLocaleString()} — {t(`status_${h.to}` as "status_draft")}
            {h.note && `: ${h.note}`}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** The owner's verification card on their organisation's page: request, attach documents, submit, follow. */
export function VerificationPanel({ entityId, procedure }: { entityId: string; procedure: VerificationDto | null }) {
  const t = useTranslations("verification");
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<string | null>) => {
    setBusy(true);
    setError(await fn());
    setBusy(false);
    router.refresh();
  };
  const editable = procedure && (procedure.status === "draft" || procedure.status === "changes_requested");
  const canRequest = !procedure || procedure.status === "rejected" || procedure.status === "revoked";
  return (
    <section className="space-y-3 rounded-md border border-slate-200 p-4" data-testid="verification-panel">
      <h2 className="font-semibold">{t("title")}</h2>
      {error && <Alert kind="error">{error}</Alert>}
      {procedure && (
        <>
          <p className="text-sm">
            <Badge tone={procedure.status === "approved" ? "green" : procedure.status === "changes_requested" || procedure.status === "rejected" ? "amber" : "blue"}>
              <span data-testid="verification-status">{t(`status_${procedure.status}`)}</span>
            </Badge>{" "}
            <span className="text-slate-500">{t("number", { number: procedure.number, attempt: procedure.attempt })}</span>
          </p>
          {procedure.decisionNote && <p className="text-sm">{procedure.decisionNote}</p>}
          <ul className="space-y-2">
            {procedure.items.map((item) => (
              <li key={item.kind} className="flex flex-wrap items-center gap-2 text-sm">
                <span className="font-medium">{t(`kind_${item.kind}`)}</span>
                <Badge tone={ITEM_TONE[item.status]}>{t(`item_${item.status}`)}</Badge>
                {item.reason && <span className="text-red-700">{item.reason}</span>}
                {item.url && (
                  <a href={item.url} target="_blank" rel="noopener">
                    {t("view")}
                  </a>
                )}
                {editable && item.status !== "accepted" && (
                  <label className="text-xs">
                    <span className="sr-only">{`${t("upload")}: ${t(`kind_${item.kind}`)}`}</span>
                    <Input
                      type="file"
                      accept="application/pdf,image/png,image/jpeg"
                      aria-label={`${t("upload")}: ${t(`kind_${item.kind}`)}`}
                      disabled={busy}
                      onChange={(e) => {
                        const file = e.currentTarget.files?.[0];
                        if (!file) return;
                        void run(async () => {
                          const uploaded = await uploadDocument(file);
                          if ("error" in uploaded) return uploaded.error;
                          const res = await api(`/api/v1/verifications/${procedure.id}/items/${item.kind}`, { method: "PUT", body: { fileId: uploaded.id } });
                          return res.ok ? null : res.error.message;
                        });
                      }}
                    />
                  </label>
                )}
              </li>
            ))}
          </ul>
          {editable && (
            <Button disabled={busy} onClick={() => run(async () => {
              const res = await api(`/api/v1/verifications/${procedure.id}/submit`, { method: "POST" });
              return res.ok ? null : res.error.message;
            })}>
              {t("submit")}
            </Button>
          )}
          <History procedure={procedure} />
        </>
      )}
      {!procedure && <p className="text-sm text-slate-600">{t("none")}</p>}
      {canRequest && (
        <Button variant="secondary" disabled={busy} onClick={() => run(async () => {
          const res = await api(`/api/v1/entities/${entityId}/verification`, { method: "POST" });
          return res.ok ? null : res.error.message;
        })}>
          {t("request")}
        </Button>
      )}
    </section>
  );
}

/** One procedure in the admin queue: claim, judge each document, decide with a note. */
export function VerificationReview({ procedure, mine }: { procedure: VerificationDto; mine: boolean }) {
  const t = useTranslations("verification");
  const router = useRouter();
  const [note, setNote] = useState("");
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const call = async (path: string, body?: unknown) => {
    const res = await api(path, { method: "POST", body });
    if (!res.ok) setError(errorText(res.error));
    else {
      setError(null);
      router.refresh();
    }
  };
  const base = `/api/v1/admin/verifications/${procedure.id}`;
  return (
    <div className="mt-2 space-y-2">
      {error && <Alert kind="error">{error}</Alert>}
      {procedure.status === "submitted" && <Button onClick={() => call(`${base}/claim`)}>{t("claim")}</Button>}
      <ul className="space-y-2">
        {procedure.items.map((item) => (
          <li key={item.kind} className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-medium">{t(`kind_${item.kind}`)}</span>
            <Badge tone={ITEM_TONE[item.status]}>{t(`item_${item.status}`)}</Badge>
            {item.url && (
              <a href={item.url} target="_blank" rel="noopener">
                {t("view")}
              </a>
            )}
            {mine && item.status !== "missing" && (
              <>
                <Button variant="secondary" onClick={() => call(`${base}/items/${item.kind}`, { decision: "accept" })}>
                  {t("accept")}
                </Button>
                <Input
                  aria-label={`${t("reason")}: ${t(`kind_${item.kind}`)}`}
                  placeholder={t("reason")}
                  value={reasons[item.kind] ?? ""}
                  onChange={(e) => setReasons({ ...reasons, [item.kind]: e.target.value })}
                  className="w-48"
                />
                <Button variant="danger" onClick={() => call(`${base}/items/${item.kind}`, { decision: "reject", reason: reasons[item.kind] })}>
                  {t("reject")}
                </Button>
              </>
            )}
          </li>
        ))}
      </ul>
      <History procedure={procedure} />
      {(mine || procedure.status === "approved") && (
        <>
          <Textarea aria-label={t("note")} placeholder={t("note")} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
          <div className="flex flex-wrap gap-2">
            {mine ? (
              <>
                <Button onClick={() => call(`${base}/decision`, { decision: "approve", note })}>{t("approve")}</Button>
                <Button variant="secondary" onClick={() => call(`${base}/decision`, { decision: "request_changes", note })}>
                  {t("requestChanges")}
                </Button>
                <Button variant="danger" onClick={() => call(`${base}/decision`, { decision: "reject", note })}>
                  {t("rejectAll")}
                </Button>
              </>
            ) : (
              <Button variant="danger" onClick={() => call(`${base}/decision`, { decision: "revoke", note })}>
                {t("revoke")}
              </Button>
            )}
          </div>
        </>
      )}
    </div>
  );
}
