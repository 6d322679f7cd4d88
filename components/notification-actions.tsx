"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
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
