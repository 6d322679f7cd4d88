"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "./api-client";
import { Button } from "./ui";

export function MarkReadButton({ id }: { id: string }) {
  const t = useTranslations("notifications");
  const router = useRouter();
  return (
    <Button variant="secondary" onClick={async () => (await api("/api/v1/me/notifications/read", { body: { ids: [id] } })).ok && router.refresh()}>
      {t("markRead")}
    </Button>
  );
}

export function MarkAllReadButton() {
  const t = useTranslations("notifications");
  const router = useRouter();
  return (
    <Button variant="secondary" onClick={async () => (await api("/api/v1/me/notifications/read", { body: { all: true } })).ok && router.refresh()}>
      {t("markAll")}
    </Button>
  );
}

export function PreferencesForm({ items }: { items: { type: string; inApp: boolean; email: boolean }[] }) {
  const t = useTranslations("notifications");
  const tc = useTranslations("common");
  const router = useRouter();
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <form
      data-testid="notification-preferences"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const body = { items: items.map((i) => ({ type: i.type, inApp: form.get(`${i.type}:inApp`) === "on", email: form.get(`${i.type}:email`) === "on" })) };
        const res = await api("/api/v1/me/notification-preferences", { method: "PUT", body });
        setSaved(res.ok ? tc("saved") : res.error.message);
        router.refresh();
      }}
    >
      <table className="w-full text-left text-sm">
        <thead className="text-slate-500">
          <tr>
            <th className="py-1">{t("type")}</th>
            <th>{t("channelInApp")}</th>
            <th>{t("channelEmail")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.type} className="border-t">
              <td className="py-1">{t(`type_${i.type}` as "type_opportunity_matched")}</td>
              <td>
                <input type="checkbox" name={`${i.type}:inApp`} defaultChecked={i.inApp} aria-label={`${t(`type_${i.type}` as "type_opportunity_matched")}: ${t("channelInApp")}`} />
              </td>
              <td>
                <input type="checkbox" name={`${i.type}:email`} defaultChecked={i.email} aria-label={`${t(`type_${i.type}` as "type_opportunity_matched")}: ${t("channelEmail")}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="mt-3 flex items-center gap-3">
        <Button type="submit" variant="secondary">
          {t("savePrefs")}
        </Button>
        {saved && <span role="status" className="text-sm text-slate-600">{saved}</span>}
      </div>
    </form>
  );
}

export function UnsubscribeButton({ u, t: type, s }: { u: string; t: string; s: string }) {
  const t = useTranslations("notifications");
  const [state, setState] = useState<"idle" | "done" | "invalid">("idle");
  if (state === "done") return <p role="status">{t("unsubDone")}</p>;
  if (state === "invalid") return <p role="alert">{t("unsubInvalid")}</p>;
  return <Button onClick={async () => setState((await api("/api/v1/notifications/unsubscribe", { body: { u, t: type, s } })).ok ? "done" : "invalid")}>{t("unsubConfirm")}</Button>;
}
