"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ARTICLE_TRANSITIONS, type ArticleStatus } from "@/src/modules/newsroom/states";
import { api, errorText, uploadFile, type ApiResult, type FormMessage, resultMessage } from "./api-client";
import { Alert, Button, Field, Input, Select, Textarea } from "./ui";

const VISIBILITIES = ["public", "subscriber", "member", "confidential"] as const;

/** Who may read an article. */
function VisibilityField({ id, value, onChange, disabled }: { id: string; value: string; onChange: (value: string) => void; disabled?: boolean }) {
  const t = useTranslations("newsroom");
  return (
    <Field label={t("visibility")} htmlFor={id}>
      <Select id={id} value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled}>
        {VISIBILITIES.map((v) => (
          <option key={v} value={v}>
            {t(`visibility_${v}`)}
          </option>
        ))}
      </Select>
    </Field>
  );
}

/** A new article: a title to write yourself, or an instruction (and sources) for an AI draft. */
export function NewArticleForm({ defaultLocale }: { defaultLocale: string }) {
  const t = useTranslations("newsroom");
  const router = useRouter();
  const [mode, setMode] = useState<"ai" | "manual">("ai");
  const [title, setTitle] = useState("");
  const [instruction, setInstruction] = useState("");
  const [sources, setSources] = useState("");
  const [locale, setLocale] = useState(defaultLocale);
  const [visibility, setVisibility] = useState("public");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<FormMessage>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    const body =
      mode === "ai"
        ? { instruction, sources: sources.split(/\n\s*\n/).map((s) => s.trim()).filter(Boolean), locale, visibility }
        : { title, locale, visibility };
    const res = await api<{ id: string }>("/api/v1/admin/news", { body });
    setBusy(false);
    if (!res.ok) return setMessage({ kind: "error", text: errorText(res.error) });
    router.push(`/newsroom/${res.data.id}`);
  };
  return (
    <form onSubmit={submit} className="space-y-3" aria-label={t("newArticle")}>
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      <div className="flex gap-4 text-sm" role="radiogroup">
        <label className="flex items-center gap-1">
          <input type="radio" name="mode" checked={mode === "ai"} onChange={() => setMode("ai")} /> {t("modeAi")}
        </label>
        <label className="flex items-center gap-1">
          <input type="radio" name="mode" checked={mode === "manual"} onChange={() => setMode("manual")} /> {t("modeManual")}
        </label>
      </div>
      {mode === "ai" ? (
        <>
          <Field label={t("instruction")} htmlFor="instruction" hint={t("instructionHint")}>
            <Textarea id="instruction" value={instruction} onChange={(e) => setInstruction(e.target.value)} rows={3} required minLength={10} maxLength={4000} />
          </Field>
          <Field label={t("sources")} htmlFor="sources" hint={t("sourcesHint")}>
            <Textarea id="sources" value={sources} onChange={(e) => setSources(e.target.value)} rows={5} />
          </Field>
        </>
      ) : (
        <Field label={t("titleField")} htmlFor="title">
          <Input id="title" value={title} onChange={(e) => setTitle(e.target.value)} required minLength={3} maxLength={200} />
        </Field>
      )}
      <div className="flex flex-wrap gap-3">
        <Field label={t("language")} htmlFor="locale">
          <Select id="locale" value={locale} onChange={(e) => setLocale(e.target.value)}>
            <option value="en">English</option>
            <option value="uk">Українська</option>
          </Select>
        </Field>
        <VisibilityField id="visibility" value={visibility} onChange={setVisibility} />
      </div>
      <Button type="submit" disabled={busy}>
        {busy ? t("drafting") : mode === "ai" ? t("draftWithAi") : t("create")}
      </Button>
    </form>
  );
}

interface EditableArticle {
  id: string;
  title: string;
  excerpt: string;
  body: string;
  tags: string[];
  visibility: string;
  status: ArticleStatus;
  locale: string;
  featuredImageUrl: string | null;
  aiGenerated: { text: boolean; image: boolean };
}

/** Everything an editor does to one article: text, image, translation and its place in the state table. */
export function ArticleEditor({ article, canTranslateTo }: { article: EditableArticle; canTranslateTo: string | null }) {
  const t = useTranslations("newsroom");
  const router = useRouter();
  const [fields, setFields] = useState({ title: article.title, excerpt: article.excerpt, body: article.body, tags: article.tags.join(", "), visibility: article.visibility });
  const [imagePrompt, setImagePrompt] = useState("");
  const [publishAt, setPublishAt] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<FormMessage>(null);
  const editable = article.status !== "archived";
  const set = (k: keyof typeof fields) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => setFields({ ...fields, [k]: e.target.value });
  const run = async (what: string, call: () => Promise<ApiResult<unknown>>, success: string, goTo?: (data: unknown) => string) => {
    setBusy(what);
    setMessage(null);
    const res = await call();
    setBusy(null);
    setMessage(resultMessage(res, success));
    if (!res.ok) return;
    if (goTo) router.push(goTo(res.data));
    else router.refresh();
  };
  const save = () =>
    run("save", () => api(`/api/v1/admin/news/${article.id}`, { method: "PATCH", body: { ...fields, tags: fields.tags.split(",").map((s) => s.trim()).filter(Boolean) } }), t("saved"));
  const move = (status: ArticleStatus) =>
    run(status, () => api(`/api/v1/admin/news/${article.id}/status`, { body: { status, ...(status === "scheduled" && publishAt ? { publishAt: new Date(publishAt).toISOString() } : {}) } }), t(`moved_${status}`));
  const upload = async (file: File | undefined) => {
    if (!file) return;
    const up = await uploadFile(file, "article");
    if (!up.ok) return setMessage({ kind: "error", text: errorText(up.error) });
    await run("upload", () => api(`/api/v1/admin/news/${article.id}`, { method: "PATCH", body: { featuredImageUrl: up.data.url } }), t("imageSet"));
  };
  return (
    <div className="space-y-4">
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      <div className="space-y-3">
        <Field label={t("titleField")} htmlFor="a-title">
          <Input id="a-title" value={fields.title} onChange={set("title")} disabled={!editable} />
        </Field>
        <Field label={t("excerpt")} htmlFor="a-excerpt">
          <Textarea id="a-excerpt" value={fields.excerpt} onChange={set("excerpt")} rows={2} disabled={!editable} />
        </Field>
        <Field label={t("body")} htmlFor="a-body" hint={t("bodyHint")}>
          <Textarea id="a-body" value={fields.body} onChange={set("body")} rows={14} className="w-full font-mono text-sm" disabled={!editable} />
        </Field>
        <div className="flex flex-wrap gap-3">
          <Field label={t("tags")} htmlFor="a-tags" hint={t("tagsHint")}>
            <Input id="a-tags" value={fields.tags} onChange={set("tags")} disabled={!editable} />
          </Field>
          <VisibilityField id="a-visibility" value={fields.visibility} onChange={(visibility) => setFields({ ...fields, visibility })} disabled={!editable} />
        </div>
        {editable && (
          <Button onClick={save} disabled={busy !== null}>
            {t("save")}
          </Button>
        )}
      </div>
      {editable && (
        <section className="space-y-2 rounded border border-slate-200 p-3" aria-label={t("featuredImage")}>
          <h2 className="font-semibold">{t("featuredImage")}</h2>
          {article.featuredImageUrl && <img src={article.featuredImageUrl} alt="" className="aspect-video w-80 rounded object-cover" data-testid="editor-image" />}
          <Field label={t("imagePrompt")} htmlFor="a-image-prompt" hint={t("imagePromptHint")}>
            <Input id="a-image-prompt" value={imagePrompt} onChange={(e) => setImagePrompt(e.target.value)} />
          </Field>
          <div className="flex flex-wrap items-center gap-3">
            <Button variant="secondary" disabled={busy !== null} onClick={() => run("image", () => api(`/api/v1/admin/news/${article.id}/image`, { body: imagePrompt.trim().length >= 3 ? { prompt: imagePrompt } : {} }), t("imageSet"))}>
              {busy === "image" ? t("generating") : t("generateImage")}
            </Button>
            <label className="text-sm">
              {t("orUpload")} <input type="file" accept="image/png,image/jpeg,image/webp" onChange={(e) => upload(e.target.files?.[0])} />
            </label>
          </div>
        </section>
      )}
      <section className="flex flex-wrap items-end gap-2 rounded border border-slate-200 p-3" aria-label={t("workflow")}>
        {canTranslateTo && (
          <Button variant="secondary" disabled={busy !== null} onClick={() => run("translate", () => api<{ id: string }>(`/api/v1/admin/news/${article.id}/translate`, { body: { locale: canTranslateTo } }), t("translated"), (d) => `/newsroom/${(d as { id: string }).id}`)}>
            {busy === "translate" ? t("generating") : t("translateTo", { locale: canTranslateTo })}
          </Button>
        )}
        {ARTICLE_TRANSITIONS[article.status].includes("scheduled") && (
          <Field label={t("publishAt")} htmlFor="a-publish-at">
            <Input id="a-publish-at" type="datetime-local" value={publishAt} onChange={(e) => setPublishAt(e.target.value)} />
          </Field>
        )}
        {ARTICLE_TRANSITIONS[article.status].map((to) => (
          <Button key={to} variant={to === "archived" ? "danger" : to === "published" ? "primary" : "secondary"} disabled={busy !== null || (to === "scheduled" && !publishAt)} onClick={() => move(to)}>
            {t(`to_${to}`)}
          </Button>
        ))}
      </section>
    </div>
  );
}

/** Admins give or take the editor permission by email. */
export function EditorForm() {
  const t = useTranslations("newsroom");
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [message, setMessage] = useState<FormMessage>(null);
  const submit = async (editor: boolean) => {
    const res = await api("/api/v1/admin/news/editors", { method: "PUT", body: { email, editor } });
    setMessage(resultMessage(res, editor ? t("editorGranted") : t("editorRevoked")));
    if (res.ok) router.refresh();
  };
  return (
    <div className="space-y-2">
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      <div className="flex flex-wrap gap-2">
        <Input type="email" value={email} onChange={(e) => setEmail(e.target.value)} placeholder="name@example.org" aria-label={t("editorEmail")} />
        <Button variant="secondary" onClick={() => submit(true)}>
          {t("grant")}
        </Button>
        <Button variant="danger" onClick={() => submit(false)}>
          {t("revoke")}
        </Button>
      </div>
    </div>
  );
}
