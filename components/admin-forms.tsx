"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api, type ApiError } from "./api-client";
import { Alert, Badge, Button, Input, Select } from "./ui";

const ROLE_OPTIONS = ["subscriber", "member", "confidential", "admin"] as const;

/** A button that posts one admin action and refreshes the page, or shows why it was refused. */
function AdminActionButton({ path, body, label, text, confirm }: { path: string; body?: unknown; label: string; text: string; confirm?: string }) {
  const router = useRouter();
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        variant="secondary"
        aria-label={label}
        onClick={async () => {
          if (confirm && !window.confirm(confirm)) return;
          const res = await api(path, { method: "POST", body });
          if (!res.ok) return setError(res.error);
          router.refresh();
        }}
      >
        {text}
      </Button>
      {error && <Badge tone="red">{error.message}</Badge>}
    </span>
  );
}

/** The address is confirmed, or a button with which an admin vouches for it. */
export function EmailVerifiedCell({ userId, verified, label }: { userId: string; verified: boolean; label: string }) {
  const t = useTranslations("admin");
  if (verified) return <Badge tone="green">{t("emailVerified")}</Badge>;
  return <AdminActionButton path={`/api/v1/admin/users/${userId}/verify-email`} label={label} text={t("markVerified")} />;
}

export function RoleSelect({ userId, role, label }: { userId: string; role: string; label: string }) {
  const tr = useTranslations("roles");
  const t = useTranslations("admin");
  const router = useRouter();
  const [value, setValue] = useState(role);
  const [status, setStatus] = useState<"idle" | "saved" | ApiError>("idle");
  return (
    <span className="inline-flex items-center gap-2">
      <Select
        aria-label={label}
        value={value}
        onChange={async (e) => {
          const next = e.target.value;
          const res = await api(`/api/v1/admin/users/${userId}`, { method: "PATCH", body: { role: next } });
          if (!res.ok) return setStatus(res.error);
          setValue(next);
          setStatus("saved");
          router.refresh();
        }}
      >
        {ROLE_OPTIONS.map((r) => (
          <option key={r} value={r}>
            {tr(r)}
          </option>
        ))}
      </Select>
      {status === "saved" && <Badge tone="green">{t("roleChanged")}</Badge>}
      {typeof status === "object" && <Badge tone="red">{status.message}</Badge>}
    </span>
  );
}

export interface SettingView {
  name: string;
  value: unknown;
  source: "env" | "db" | "default";
  secret?: boolean;
  set?: boolean;
  kind: "boolean" | "number" | "enum" | "text" | "secret";
  options?: readonly string[];
}

export function SettingsForm({ settings }: { settings: SettingView[] }) {
  const t = useTranslations("admin");
  const th = useTranslations("settingsHelp");
  const tc = useTranslations("common");
  const router = useRouter();
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);

  async function save(name: string, value: unknown) {
    setSaved(false);
    const res = await api("/api/v1/admin/settings", { method: "PATCH", body: { [name]: value } });
    if (!res.ok) return setError(res.error);
    setError(null);
    setSaved(true);
    router.refresh();
  }

  function onSubmit(s: SettingView) {
    return (e: FormEvent<HTMLFormElement>) => {
      e.preventDefault();
      const raw = new FormData(e.currentTarget).get("value");
      const value = s.kind === "boolean" ? raw === "true" : s.kind === "number" ? Number(raw) : raw;
      void save(s.name, value);
    };
  }

  return (
    <div className="space-y-3">
      {error && <Alert kind="error">{Object.values(error.fields ?? {})[0] ?? error.message}</Alert>}
      {saved && <Alert kind="success">{tc("saved")}</Alert>}
      <table className="w-full text-left text-sm" data-testid="settings-table">
        <thead className="border-b text-slate-500">
          <tr>
            <th className="py-2">{t("setting")}</th>
            <th>{t("value")}</th>
            <th>{t("source")}</th>
          </tr>
        </thead>
        <tbody>
          {settings.map((s) => (
            <tr key={s.name} className="border-b align-top last:border-0" data-setting={s.name} data-source={s.source}>
              <td className="py-2">
                <div className="font-mono text-xs">{s.name}</div>
                {th.has(s.name) && <div className="mt-1 text-xs text-slate-500">{th(s.name)}</div>}
              </td>
              <td className="py-2">
                {s.source === "env" ? (
                  <span title={t("pinned")} className="inline-flex items-center gap-2">
                    <code data-testid={`value-${s.name}`}>{s.secret ? (s.set ? t("secretSet") : t("secretNotSet")) : String(s.value)}</code>
                    <Badge tone="amber">{t("pinned")}</Badge>
                  </span>
                ) : (
                  <form onSubmit={onSubmit(s)} className="flex flex-wrap items-center gap-2">
                    <SettingInput setting={s} />
                    <Button type="submit" variant="secondary" aria-label={`${tc("save")} ${s.name}`}>
                      {tc("save")}
                    </Button>
                    {s.secret && s.set && (
                      <Button type="button" variant="secondary" onClick={() => void save(s.name, null)}>
                        {t("secretClear")}
                      </Button>
                    )}
                  </form>
                )}
              </td>
              <td className="py-2">
                <Badge tone={s.source === "env" ? "amber" : s.source === "db" ? "blue" : "slate"}>{t(`source_${s.source}`)}</Badge>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SettingInput({ setting: s }: { setting: SettingView }) {
  const t = useTranslations("admin");
  const tc = useTranslations("common");
  const label = s.name;
  if (s.kind === "boolean")
    return (
      <Select name="value" defaultValue={String(s.value)} aria-label={label}>
        <option value="true">{tc("yes")}</option>
        <option value="false">{tc("no")}</option>
      </Select>
    );
  if (s.kind === "enum")
    return (
      <Select name="value" defaultValue={String(s.value)} aria-label={label}>
        {s.options?.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </Select>
    );
  if (s.kind === "text") return <Input name="value" type="text" defaultValue={String(s.value ?? "")} aria-label={label} className="w-72" />;
  if (s.kind === "secret")
    return (
      <span className="inline-flex items-center gap-2">
        <Badge tone={s.set ? "green" : "slate"}>{s.set ? t("secretSet") : t("secretNotSet")}</Badge>
        <Input name="value" type="password" autoComplete="off" placeholder={t("secretPlaceholder")} aria-label={label} className="w-56" />
      </span>
    );
  return <Input name="value" type="number" step="any" defaultValue={String(s.value)} aria-label={label} className="w-32" />;
}

/** Lifts a suspension; the confirmation says what comes back (listings) and what does not (organisations). */
export function UnsuspendButton({ userId, label }: { userId: string; label: string }) {
  const t = useTranslations("admin");
  return <AdminActionButton path={`/api/v1/admin/users/${userId}/unsuspend`} body={{}} label={label} text={t("unsuspend")} confirm={t("unsuspendConfirm")} />;
}
