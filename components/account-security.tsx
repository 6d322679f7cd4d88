"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api, errorText, type ApiError } from "./api-client";
import { useApiForm } from "./use-api-form";
import { Alert, Badge, Button, Field, Input } from "./ui";

/** Rows arrive with their dates already formatted by the page, in the reader's language. */
export interface ApiKeyRow {
  id: string;
  name: string | null;
  start: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface SessionRow {
  id: string;
  userAgent: string | null;
  ipAddress: string | null;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

/** A secondary button that calls the API once and refreshes the page's data when it worked. */
function ActionButton({ label, call, testId, onDone }: { label: string; call: () => Promise<{ ok: boolean; error?: ApiError }>; testId?: string; onDone?: () => void }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      {error && <span role="alert" className="text-xs text-red-600">{error}</span>}
      <Button
        variant="secondary"
        disabled={busy}
        data-testid={testId}
        onClick={async () => {
          setBusy(true);
          const res = await call();
          setBusy(false);
          if (!res.ok) return setError(res.error ? errorText(res.error) : null);
          setError(null);
          if (onDone) onDone();
          else router.refresh();
        }}
      >
        {label}
      </Button>
    </span>
  );
}

export function ApiKeysManager({ keys }: { keys: ApiKeyRow[] }) {
  const t = useTranslations("accountSecurity");
  const router = useRouter();
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const res = await api<{ key: string }>("/api/v1/me/api-keys", { body: { name: new FormData(form).get("name") } });
    if (!res.ok) return setError(res.error);
    setError(null);
    setCreated(res.data.key);
    form.reset();
    router.refresh();
  }
  return (
    <div className="space-y-3">
      <h2 className="text-lg font-semibold">{t("apiKeys")}</h2>
      <p className="text-sm text-slate-600">{t("apiKeysIntro")}</p>
      {error && <Alert kind="error">{error.fields?.name ?? error.message}</Alert>}
      {created && (
        <Alert kind="success">
          {t("keyCreated")} <code data-testid="new-api-key" className="break-all font-mono">{created}</code>
        </Alert>
      )}
      <form onSubmit={create} className="flex items-end gap-2">
        <Field label={t("keyName")} htmlFor="key-name">
          <Input id="key-name" name="name" maxLength={60} required />
        </Field>
        <Button type="submit">{t("createKey")}</Button>
      </form>
      {keys.length === 0 ? (
        <p className="text-sm text-slate-500">{t("noKeys")}</p>
      ) : (
        <table className="w-full text-left text-sm" data-testid="api-keys">
          <thead className="text-slate-500">
            <tr>
              <th className="py-1">{t("keyName")}</th>
              <th>{t("keyStart")}</th>
              <th>{t("created")}</th>
              <th>{t("lastUsed")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id} className="border-t" data-testid="api-key-row">
                <td className="py-1">{k.name}</td>
                <td className="font-mono">{k.start ? `${k.start}…` : ""}</td>
                <td>{k.createdAt}</td>
                <td>{k.lastUsedAt ?? t("never")}</td>
                <td className="text-right">
                  <ActionButton label={t("revoke")} call={() => api(`/api/v1/me/api-keys/${k.id}`, { method: "DELETE" })} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Where the member is signed in; `unavailable` is why the list cannot be shown (an old sign-in). */
export function SessionsManager({ sessions, unavailable }: { sessions: SessionRow[]; unavailable: string | null }) {
  const t = useTranslations("accountSecurity");
  // Ending this device's own session signs it out: a full load shows the signed-out site.
  const signedOut = () => window.location.assign("/sign-in");
  return (
    <div className="space-y-3">
      <h2 className="text-lg font-semibold">{t("sessions")}</h2>
      <p className="text-sm text-slate-600">{t("sessionsIntro")}</p>
      {unavailable ? (
        <Alert kind="warning">
          {unavailable}{" "}
          <a className="underline" href="/sign-in?next=/account/security">
            {t("signInAgain")}
          </a>
        </Alert>
      ) : (
        <table className="w-full text-left text-sm" data-testid="sessions">
          <thead className="text-slate-500">
            <tr>
              <th className="py-1">{t("device")}</th>
              <th>{t("ipAddress")}</th>
              <th>{t("signedIn")}</th>
              <th>{t("lastSeen")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id} className="border-t" data-testid="session-row">
                <td className="py-1">
                  {s.userAgent ?? t("unknownDevice")} {s.current && <Badge tone="green">{t("thisDevice")}</Badge>}
                </td>
                <td>{s.ipAddress ?? ""}</td>
                <td>{s.createdAt}</td>
                <td>{s.lastSeenAt}</td>
                <td className="text-right">
                  <ActionButton label={s.current ? t("signOutHere") : t("revoke")} call={() => api(`/api/v1/me/sessions/${s.id}`, { method: "DELETE" })} onDone={s.current ? signedOut : undefined} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ActionButton label={t("revokeOthers")} testId="revoke-other-sessions" call={() => api("/api/v1/me/sessions/revoke-others", { method: "POST" })} />
    </div>
  );
}

export function PasswordForm() {
  const t = useTranslations("accountSecurity");
  const { message, busy, onSubmit } = useApiForm(
    (f) =>
      api("/api/v1/me/password", {
        body: { currentPassword: f.get("currentPassword"), newPassword: f.get("newPassword"), revokeOtherSessions: f.get("revokeOtherSessions") === "on" },
      }),
    t("passwordChanged"),
  );
  return (
    <form onSubmit={onSubmit} className="space-y-3" data-testid="password-form">
      <h2 className="text-lg font-semibold">{t("password")}</h2>
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t("currentPassword")} htmlFor="current-password">
          <Input id="current-password" name="currentPassword" type="password" autoComplete="current-password" required />
        </Field>
        <Field label={t("newPassword")} hint={t("newPasswordHint")} htmlFor="new-password">
          <Input id="new-password" name="newPassword" type="password" autoComplete="new-password" minLength={8} required />
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="revokeOtherSessions" defaultChecked />
        {t("revokeOthersOnChange")}
      </label>
      <Button type="submit" disabled={busy}>
        {t("changePassword")}
      </Button>
    </form>
  );
}

export function DeleteAccountForm({ consequences }: { consequences: string[] }) {
  const t = useTranslations("accountSecurity");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function remove(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    const res = await api("/api/v1/me", { method: "DELETE", body: { password: new FormData(e.currentTarget).get("password") } });
    setBusy(false);
    if (!res.ok) return setError(errorText(res.error));
    window.location.assign("/");
  }
  return (
    <form onSubmit={remove} className="space-y-3" data-testid="delete-account-form">
      <h2 className="text-lg font-semibold text-red-700">{t("deleteAccount")}</h2>
      <p className="text-sm text-slate-600">{t("deleteIntro")}</p>
      <ul className="list-disc space-y-1 pl-6 text-sm text-slate-600">
        {consequences.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      {error && <Alert kind="error">{error}</Alert>}
      <Field label={t("confirmPassword")} htmlFor="delete-password">
        <Input id="delete-password" name="password" type="password" autoComplete="current-password" required />
      </Field>
      <Button type="submit" variant="danger" disabled={busy}>
        {t("deleteForever")}
      </Button>
    </form>
  );
}
