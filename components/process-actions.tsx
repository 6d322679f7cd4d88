"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "./api-client";
import { Button } from "./ui";

export function PipelineButtons({ name, paused }: { name: string; paused: boolean }) {
  const t = useTranslations("processes");
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button
        variant="secondary"
        aria-label={`${t("runNow")}: ${name}`}
        onClick={async () => {
          const res = await api<{ runId: string }>(`/api/v1/admin/processes/${name}/run`, { body: {} });
          if (!res.ok) return setMessage(res.error.message);
          setMessage(t("started_ok", { runId: res.data.runId.slice(0, 8) }));
          // Follow the run until it finishes, then show it in the history.
          for (let i = 0; i < 120; i++) {
            await new Promise((r) => setTimeout(r, 1000));
            const run = await api<{ status: string }>(`/api/v1/admin/processes/runs/${res.data.runId}`);
            if (run.ok && run.data.status !== "running") {
              setMessage(`${t("started_ok", { runId: res.data.runId.slice(0, 8) })} → ${run.data.status}`);
              break;
            }
          }
          router.refresh();
        }}
      >
        {t("runNow")}
      </Button>
      <Button
        variant="secondary"
        onClick={async () => {
          const res = await api(`/api/v1/admin/processes/${name}`, { method: "PATCH", body: { paused: !paused } });
          if (res.ok) router.refresh();
          else setMessage(res.error.message);
        }}
      >
        {paused ? t("resume") : t("pause")}
      </Button>
      {message && <span className="text-xs text-slate-600" role="status">{message}</span>}
    </span>
  );
}
