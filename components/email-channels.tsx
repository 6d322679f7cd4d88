"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ImapFailure } from "@/src/modules/email/imap-failure";
import { api, errorText, type FormMessage } from "./api-client";
import { Alert, Button, Field, Input, Select } from "./ui";

export interface ChannelView {
  id: string;
  name: string;
  flow: "standard" | "tasks_only" | "ingest_only";
  host: string;
  port: number;
  secure: boolean;
  username: string;
  passwordEnv: string;
  mailbox: string;
  replyFrom: string | null;
  smtpUrlEnv: string | null;
  enabled: boolean;
}

const FLOWS = ["standard", "tasks_only", "ingest_only"] as const;
const EMPTY: Omit<ChannelView, "id"> = { name: "", flow: "standard", host: "", port: 993, secure: true, username: "", passwordEnv: "EMAIL_CHANNEL_", mailbox: "INBOX", replyFrom: null, smtpUrlEnv: null, enabled: true };

/** Add a mailbox, or change one (its name stays: stored mail is filed under it). */
export function ChannelForm({ channel }: { channel?: ChannelView }) {
  const t = useTranslations("email");
  const router = useRouter();
  const [values, setValues] = useState<Omit<ChannelView, "id">>(channel ?? EMPTY);
  const [message, setMessage] = useState<FormMessage>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof typeof values>(key: K, value: (typeof values)[K]) => setValues((v) => ({ ...v, [key]: value }));
  const prefix = channel ? `ch-${channel.id}` : "ch-new";
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const res = await api(channel ? `/api/v1/admin/email/channels/${channel.id}` : "/api/v1/admin/email/channels", { method: channel ? "PUT" : "POST", body: { ...values, replyFrom: values.replyFrom || null, smtpUrlEnv: values.smtpUrlEnv || null } });
    setBusy(false);
    if (!res.ok) return setMessage({ kind: "error", text: errorText(res.error) });
    setMessage({ kind: "success", text: t("channelSaved") });
    if (!channel) setValues(EMPTY);
    router.refresh();
  };
  return (
    <form onSubmit={submit} className="grid gap-2 sm:grid-cols-2" aria-label={channel ? t("editChannel", { name: channel.name }) : t("addChannel")}>
      {message && (
        <div className="sm:col-span-2">
          <Alert kind={message.kind}>{message.text}</Alert>
        </div>
      )}
      <Field label={t("channelName")} htmlFor={`${prefix}-name`} hint={channel ? undefined : t("channelNameHint")}>
        <Input id={`${prefix}-name`} value={values.name} onChange={(e) => set("name", e.target.value)} required disabled={Boolean(channel)} />
      </Field>
      <Field label={t("flow")} htmlFor={`${prefix}-flow`}>
        <Select id={`${prefix}-flow`} value={values.flow} onChange={(e) => set("flow", e.target.value as ChannelView["flow"])}>
          {FLOWS.map((f) => (
            <option key={f} value={f}>
              {t(`flow_${f}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t("imapHost")} htmlFor={`${prefix}-host`}>
        <Input id={`${prefix}-host`} value={values.host} onChange={(e) => set("host", e.target.value)} required placeholder="imap.example.org" />
      </Field>
      <Field label={t("imapPort")} htmlFor={`${prefix}-port`}>
        <Input id={`${prefix}-port`} type="number" min={1} max={65535} value={values.port} onChange={(e) => set("port", Number(e.target.value))} required />
      </Field>
      <Field label={t("imapUser")} htmlFor={`${prefix}-user`}>
        <Input id={`${prefix}-user`} value={values.username} onChange={(e) => set("username", e.target.value)} required autoComplete="off" />
      </Field>
      <Field label={t("passwordEnv")} htmlFor={`${prefix}-secret`} hint={t("passwordEnvHint")}>
        <Input id={`${prefix}-secret`} value={values.passwordEnv} onChange={(e) => set("passwordEnv", e.target.value.toUpperCase())} required />
      </Field>
      <Field label={t("mailbox")} htmlFor={`${prefix}-mailbox`}>
        <Input id={`${prefix}-mailbox`} value={values.mailbox} onChange={(e) => set("mailbox", e.target.value)} required />
      </Field>
      <Field label={t("replyFrom")} htmlFor={`${prefix}-from`} hint={t("replyFromHint")}>
        <Input id={`${prefix}-from`} type="email" value={values.replyFrom ?? ""} onChange={(e) => set("replyFrom", e.target.value)} />
      </Field>
      <Field label={t("smtpUrlEnv")} htmlFor={`${prefix}-smtp`} hint={t("smtpUrlEnvHint")}>
        <Input id={`${prefix}-smtp`} value={values.smtpUrlEnv ?? ""} onChange={(e) => set("smtpUrlEnv", e.target.value.toUpperCase())} />
      </Field>
      <div className="flex flex-wrap items-center gap-4 pt-6">
        <label className="flex items-center gap-1 text-sm">
          <input type="checkbox" checked={values.secure} onChange={(e) => set("secure", e.target.checked)} /> {t("tls")}
        </label>
        <label className="flex items-center gap-1 text-sm">
          <input type="checkbox" checked={values.enabled} onChange={(e) => set("enabled", e.target.checked)} /> {t("channelEnabled")}
        </label>
      </div>
      <div className="sm:col-span-2">
        <Button type="submit" disabled={busy}>
          {channel ? t("saveChannel") : t("addChannel")}
        </Button>
      </div>
    </form>
  );
}

/** "Test connection": signs in and opens the mailbox, and says how many messages it holds or, in our words, what kind of failure it met. */
export function TestChannel({ id, passwordEnv }: { id: string; passwordEnv: string }) {
  const t = useTranslations("email");
  const safety = useTranslations("emailSafety");
  const [result, setResult] = useState<FormMessage>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setResult(null);
    const res = await api<{ ok: true; messages: number; ms: number } | { ok: false; reason: ImapFailure }>(`/api/v1/admin/email/channels/${id}/test`, { method: "POST", body: {} });
    setBusy(false);
    if (!res.ok) return setResult({ kind: "error", text: errorText(res.error) });
    setResult(res.data.ok ? { kind: "success", text: t("testOk", { messages: res.data.messages, ms: res.data.ms }) } : { kind: "error", text: safety(`testFailed_${res.data.reason}`, { name: passwordEnv }) });
  };
  return (
    <div className="space-y-1">
      <Button variant="secondary" onClick={run} disabled={busy}>
        {busy ? t("testing") : t("testConnection")}
      </Button>
      <div role="status" aria-live="polite">
        {result && <Alert kind={result.kind}>{result.text}</Alert>}
      </div>
    </div>
  );
}

export function DeleteChannel({ id }: { id: string }) {
  const t = useTranslations("email");
  const router = useRouter();
  return (
    <Button variant="danger" onClick={async () => (await api(`/api/v1/admin/email/channels/${id}`, { method: "DELETE" })).ok && router.refresh()}>
      {t("deleteChannel")}
    </Button>
  );
}
