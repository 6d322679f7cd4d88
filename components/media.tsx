"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { api, errorText, type FormMessage, resultMessage } from "./api-client";
import { Alert, Badge, Button, Field, Input, Select, Textarea } from "./ui";

const ASPECT_RATIOS = ["1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3"];

/** A prompt, an aspect ratio and how many: the images appear in the gallery below. */
export function ImageGenerator({ onDone, purpose, defaultAspect = "1:1" }: { onDone?: (items: { id: string; url: string }[]) => void; purpose?: string; defaultAspect?: string }) {
  const t = useTranslations("media");
  const router = useRouter();
  const [prompt, setPrompt] = useState("");
  const [aspectRatio, setAspectRatio] = useState(defaultAspect);
  const [n, setN] = useState(1);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<FormMessage>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    const res = await api<{ items: { id: string; url: string }[] }>("/api/v1/media/images", { body: { prompt, aspectRatio, n, ...(purpose ? { purpose } : {}) } });
    setBusy(false);
    if (!res.ok) return setMessage({ kind: "error", text: errorText(res.error) });
    setMessage({ kind: "success", text: t("imagesReady", { count: res.data.items.length }) });
    setPrompt("");
    onDone?.(res.data.items);
    router.refresh();
  };
  return (
    <form onSubmit={submit} className="space-y-2" aria-label={t("imageTitle")}>
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      <Field label={t("prompt")} htmlFor="image-prompt" hint={t("promptHint")}>
        <Textarea id="image-prompt" value={prompt} onChange={(e) => setPrompt(e.target.value)} rows={3} required minLength={3} maxLength={2000} />
      </Field>
      <div className="flex flex-wrap gap-3">
        <Field label={t("aspectRatio")} htmlFor="image-aspect">
          <Select id="image-aspect" value={aspectRatio} onChange={(e) => setAspectRatio(e.target.value)}>
            {ASPECT_RATIOS.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </Select>
        </Field>
        {!purpose && (
          <Field label={t("count")} htmlFor="image-n">
            <Input id="image-n" type="number" min={1} max={4} value={n} onChange={(e) => setN(Number(e.target.value))} className="w-20" />
          </Field>
        )}
      </div>
      <Button type="submit" disabled={busy || prompt.trim().length < 3}>
        {busy ? t("generating") : t("generateImage")}
      </Button>
    </form>
  );
}

export function VideoGenerator({ images }: { images: { id: string; url: string; prompt: string }[] }) {
  const t = useTranslations("media");
  const router = useRouter();
  const [prompt, setPrompt] = useState("");
  const [duration, setDuration] = useState(6);
  const [imageUrl, setImageUrl] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<FormMessage>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const res = await api("/api/v1/media/videos", { body: { prompt, duration, ...(imageUrl ? { imageUrl } : {}) } });
    setBusy(false);
    setMessage(resultMessage(res, t("videoStarted")));
    if (res.ok) {
      setPrompt("");
      router.refresh();
    }
  };
  return (
    <form onSubmit={submit} className="space-y-2" aria-label={t("videoTitle")}>
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      <Field label={t("prompt")} htmlFor="video-prompt">
        <Textarea id="video-prompt" value={prompt} onChange={(e) => setPrompt(e.target.value)} rows={3} required minLength={3} maxLength={2000} />
      </Field>
      <div className="flex flex-wrap gap-3">
        <Field label={t("duration")} htmlFor="video-duration">
          <Input id="video-duration" type="number" min={1} max={15} value={duration} onChange={(e) => setDuration(Number(e.target.value))} className="w-20" />
        </Field>
        <Field label={t("startImage")} htmlFor="video-image">
          <Select id="video-image" value={imageUrl} onChange={(e) => setImageUrl(e.target.value)}>
            <option value="">{t("noImage")}</option>
            {images.map((i) => (
              <option key={i.id} value={i.url}>
                {i.prompt.slice(0, 40)}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Button type="submit" disabled={busy || prompt.trim().length < 3}>
        {t("generateVideo")}
      </Button>
    </form>
  );
}

interface Job {
  jobId: string;
  status: string;
  progress: number;
  prompt: string;
  error: string | null;
  url: string | null;
}

const TONE: Record<string, "slate" | "green" | "amber" | "red" | "blue"> = { pending: "slate", running: "blue", done: "green", failed: "red", expired: "amber", cancelled: "slate" };

/** The member's videos (keyed by the page on the job ids, so a new job remounts it); while any is unfinished, the list refreshes itself every two seconds. */
export function VideoJobs({ initial }: { initial: Job[] }) {
  const t = useTranslations("media");
  const [jobs, setJobs] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const open = jobs.some((j) => j.status === "pending" || j.status === "running");
  useEffect(() => {
    if (!open) return;
    const timer = setInterval(async () => {
      const res = await api<{ items: Job[] }>("/api/v1/media/videos");
      if (res.ok) setJobs(res.data.items);
    }, 2000);
    return () => clearInterval(timer);
  }, [open]);
  const cancel = async (jobId: string) => {
    const res = await api<Job>(`/api/v1/media/videos/${jobId}/cancel`, { body: {} });
    if (!res.ok) return setError(errorText(res.error));
    setJobs((all) => all.map((j) => (j.jobId === jobId ? res.data : j)));
  };
  if (jobs.length === 0) return <p className="text-sm text-slate-600">{t("noVideos")}</p>;
  return (
    <ul className="space-y-3" data-testid="video-jobs">
      {error && <Alert kind="error">{error}</Alert>}
      {jobs.map((j) => (
        <li key={j.jobId} className="space-y-1 rounded border border-slate-200 p-2" data-testid="video-job">
          <div className="flex items-center gap-2">
            <Badge tone={TONE[j.status]}>
              <span data-testid="job-status">{t(`status_${j.status}` as "status_done")}</span>
            </Badge>
            <span className="text-sm">{j.prompt}</span>
          </div>
          {(j.status === "pending" || j.status === "running") && (
            <div className="flex items-center gap-2">
              <progress max={100} value={j.progress} aria-label={t("progress")} className="w-48" />
              <span className="text-xs">{j.progress} %</span>
              <Button variant="secondary" onClick={() => cancel(j.jobId)}>
                {t("cancel")}
              </Button>
            </div>
          )}
          {j.error && <p className="text-sm text-red-700">{j.error}</p>}
          {j.url && <video src={j.url} controls className="max-h-64 rounded" />}
        </li>
      ))}
    </ul>
  );
}
