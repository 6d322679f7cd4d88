"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api, type ApiError } from "./api-client";
import { Alert, Button, Field, Textarea } from "./ui";

function useAction() {
  const router = useRouter();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(path: string, init: { method?: string; body?: unknown }, then?: (data: unknown) => void) {
    setBusy(true);
    const res = await api(path, init);
    setBusy(false);
    if (!res.ok) return setError(res.error);
    setError(null);
    if (then) then(res.data);
    else router.refresh();
  }
  return { error, busy, run, router };
}

export function StatusButtons({ id, allowed, canDelete }: { id: string; allowed: string[]; canDelete: boolean }) {
  const t = useTranslations("opportunities");
  const { error, busy, run, router } = useAction();
  return (
    <div className="space-y-2">
      {error && <Alert kind="error">{error.message}</Alert>}
      <div className="flex flex-wrap gap-2">
        {allowed
          .filter((s) => s !== "active" && s !== "rejected")
          .map((status) => (
            <Button key={status} variant="secondary" disabled={busy} onClick={() => run(`/api/v1/opportunities/${id}/status`, { body: { status } })}>
              {t(`move_${status}` as "move_closed")}
            </Button>
          ))}
        {canDelete && (
          <Button
            variant="danger"
            disabled={busy}
            onClick={() => {
              if (window.confirm(t("deleteConfirm"))) void run(`/api/v1/opportunities/${id}`, { method: "DELETE" }, () => router.push("/opportunities/mine"));
            }}
          >
            {t("delete")}
          </Button>
        )}
      </div>
    </div>
  );
}

export function ApplyForm({ id }: { id: string }) {
  const t = useTranslations("opportunities");
  const { error, busy, run } = useAction();
  return (
    <form
      className="space-y-3"
      onSubmit={(e: FormEvent<HTMLFormElement>) => {
        e.preventDefault();
        void run(`/api/v1/opportunities/${id}/applications`, { body: { message: new FormData(e.currentTarget).get("message") } });
      }}
    >
      {error && <Alert kind="error">{error.fields?.message ?? error.message}</Alert>}
      <Field label={t("applyMessage")} htmlFor="apply-message">
        <Textarea id="apply-message" name="message" rows={4} minLength={10} maxLength={5000} required />
      </Field>
      <Button type="submit" disabled={busy}>
        {t("applySubmit")}
      </Button>
    </form>
  );
}

export function ApplicationButtons({ id }: { id: string }) {
  const t = useTranslations("opportunities");
  const { error, busy, run } = useAction();
  return (
    <span className="inline-flex items-center gap-2">
      <Button variant="secondary" disabled={busy} onClick={() => run(`/api/v1/applications/${id}`, { method: "PATCH", body: { status: "shortlisted" } })}>
        {t("shortlist")}
      </Button>
      <Button variant="secondary" disabled={busy} onClick={() => run(`/api/v1/applications/${id}`, { method: "PATCH", body: { status: "declined" } })}>
        {t("decline")}
      </Button>
      {error && <span className="text-xs text-red-600">{error.message}</span>}
    </span>
  );
}

export function ReviewButtons({ id }: { id: string }) {
  const t = useTranslations("opportunities");
  const { error, busy, run } = useAction();
  const [note, setNote] = useState("");
  return (
    <div className="space-y-2" data-testid={`review-${id}`}>
      {error && <Alert kind="error">{error.fields?.note ? t("noteRequired") : error.message}</Alert>}
      <Textarea aria-label={t("note")} placeholder={t("note")} value={note} onChange={(e) => setNote(e.target.value)} rows={2} />
      <div className="flex gap-2">
        <Button disabled={busy} onClick={() => run(`/api/v1/admin/opportunities/${id}/decision`, { body: { decision: "approve", note: note || undefined } })}>
          {t("approve")}
        </Button>
        <Button variant="danger" disabled={busy} onClick={() => run(`/api/v1/admin/opportunities/${id}/decision`, { body: { decision: "reject", note: note || undefined } })}>
          {t("reject")}
        </Button>
      </div>
    </div>
  );
}

export function RerunMatcherButton({ id }: { id: string }) {
  const t = useTranslations("matcher");
  const { error, busy, run } = useAction();
  return (
    <span className="inline-flex items-center gap-2">
      <Button variant="secondary" disabled={busy} onClick={() => run(`/api/v1/admin/opportunities/${id}/rematch`, { body: {} })}>
        {t("rerun")}
      </Button>
      {error && <span className="text-xs text-red-600">{error.message}</span>}
    </span>
  );
}
