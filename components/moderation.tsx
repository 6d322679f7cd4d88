"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, type ApiError } from "./api-client";
import { Alert, Button, Field, Select, Textarea } from "./ui";

const CATEGORIES = ["spam", "fraud", "impersonation", "inappropriate", "harassment", "illegal", "other"] as const;

/** "Report" on an organisation or listing page: category and reason, sent to the moderators. */
export function ReportForm({ targetType, id }: { targetType: "entities" | "opportunities"; id: string }) {
  const t = useTranslations("moderation");
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [sent, setSent] = useState(false);
  if (sent) return <Alert kind="success">{t("sent")}</Alert>;
  if (!open)
    return (
      <Button variant="secondary" onClick={() => setOpen(true)}>
        {t("report")}
      </Button>
    );
  return (
    <form
      className="max-w-lg space-y-3 rounded-md border border-slate-200 p-4"
      aria-label={t("reportTitle")}
      onSubmit={async (e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const res = await api(`/api/v1/${targetType}/${id}/reports`, { body: { category: form.get("category"), reason: form.get("reason") } });
        if (res.ok) setSent(true);
        else setError(res.error);
      }}
    >
      <h2 className="font-semibold">{t("reportTitle")}</h2>
      {error && !error.fields && <Alert kind="error">{error.message}</Alert>}
      <Field label={t("category")} htmlFor="report-category" error={error?.fields?.category}>
        <Select id="report-category" name="category" defaultValue="spam">
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`cat_${c}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t("reason")} htmlFor="report-reason" error={error?.fields?.reason}>
        <Textarea id="report-reason" name="reason" rows={3} required minLength={10} maxLength={2000} />
      </Field>
      <Button type="submit">{t("send")}</Button>
    </form>
  );
}

type Appeal = { status: string; note: string | null } | null;

/** On their hidden organisation's page: the owner sees why it is hidden and may appeal once. */
export function AppealPanel({ entityId, appeal }: { entityId: string; appeal: Appeal }) {
  const t = useTranslations("moderation");
  const router = useRouter();
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <div className="space-y-3" data-testid="hidden-notice">
      <Alert kind="warning">{t("hiddenNotice")}</Alert>
      {appeal ? (
        <p className="text-sm" data-testid="appeal-status">
          {appeal.status === "open" ? t("appealOpen") : t("appealDecided", { outcome: t(`outcome_${appeal.status}` as "outcome_upheld") })}
          {appeal.note && ` — ${appeal.note}`}
        </p>
      ) : (
        <form
          className="max-w-lg space-y-3"
          aria-label={t("appealTitle")}
          onSubmit={async (e) => {
            e.preventDefault();
            const res = await api(`/api/v1/entities/${entityId}/appeal`, { body: { message: new FormData(e.currentTarget).get("message") } });
            if (res.ok) router.refresh();
            else setError(res.error);
          }}
        >
          <Field label={t("appealTitle")} hint={t("appealHelp")} htmlFor="appeal-message" error={error?.fields?.message ?? (error && !error.fields ? error.message : undefined)}>
            <Textarea id="appeal-message" name="message" rows={4} required minLength={10} maxLength={2000} />
          </Field>
          <Button type="submit">{t("appealSend")}</Button>
        </form>
      )}
    </div>
  );
}

/** The admin's actions on one queue item (an organisation, or a listing without one), each with a required note. */
export function ModerationActions({ subject }: { subject: { type: "entity" | "opportunity"; id: string; status: string } }) {
  const hidden = subject.status === "hidden";
  const isListing = subject.type === "opportunity";
  const t = useTranslations("moderation");
  const router = useRouter();
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const act = async (action: "dismiss" | "hide" | "restore" | "suspend_owner") => {
    if (action === "suspend_owner" && !window.confirm(t("suspendConfirm"))) return;
    const res = await api(`/api/v1/admin/moderation/${isListing ? "opportunities" : "entities"}/${subject.id}/action`, { body: { action, note } });
    if (res.ok) {
      setNote("");
      router.refresh();
    } else setError(res.error.fields?.note ?? res.error.message);
  };
  return (
    <div className="mt-3 space-y-2">
      {error && <Alert kind="error">{error}</Alert>}
      <Textarea aria-label={t("note")} placeholder={t("note")} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" onClick={() => act("dismiss")}>
          {t("dismiss")}
        </Button>
        {hidden ? (
          <Button onClick={() => act("restore")}>{t("restore")}</Button>
        ) : (
          (!isListing || subject.status === "active" || subject.status === "pending") && (
            <Button variant="danger" onClick={() => act("hide")}>
              {t("hide")}
            </Button>
          )
        )}
        {!isListing && (
          <Button variant="danger" onClick={() => act("suspend_owner")}>
            {t("suspendOwner")}
          </Button>
        )}
      </div>
    </div>
  );
}
