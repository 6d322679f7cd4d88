"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, errorText } from "./api-client";
import { Alert, Button, Field, Input, Textarea } from "./ui";

/** Add a fact the AI drafter may use, or change one. */
export function KnowledgeForm({ fact }: { fact?: { id: string; title: string; body: string } }) {
  const t = useTranslations("email");
  const router = useRouter();
  const [title, setTitle] = useState(fact?.title ?? "");
  const [body, setBody] = useState(fact?.body ?? "");
  const [error, setError] = useState<string | null>(null);
  const prefix = fact ? `fact-${fact.id}` : "fact";
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const res = await api(fact ? `/api/v1/admin/email/knowledge/${fact.id}` : "/api/v1/admin/email/knowledge", { method: fact ? "PUT" : "POST", body: { title, body } });
    if (!res.ok) return setError(errorText(res.error));
    setError(null);
    if (!fact) {
      setTitle("");
      setBody("");
    }
    router.refresh();
  };
  const label = fact ? t("saveFact") : t("addFact");
  return (
    <form onSubmit={submit} className="space-y-2" aria-label={label}>
      {error && <Alert kind="error">{error}</Alert>}
      <Field label={t("factTitle")} htmlFor={`${prefix}-title`}>
        <Input id={`${prefix}-title`} value={title} onChange={(e) => setTitle(e.target.value)} required minLength={2} maxLength={200} />
      </Field>
      <Field label={t("factBody")} htmlFor={`${prefix}-body`}>
        <Textarea id={`${prefix}-body`} value={body} onChange={(e) => setBody(e.target.value)} rows={3} required minLength={2} maxLength={4000} />
      </Field>
      <Button type="submit">{label}</Button>
    </form>
  );
}

export function DeleteFact({ id }: { id: string }) {
  const t = useTranslations("email");
  const router = useRouter();
  return (
    <Button variant="danger" onClick={async () => (await api(`/api/v1/admin/email/knowledge/${id}`, { method: "DELETE" })).ok && router.refresh()}>
      {t("deleteFact")}
    </Button>
  );
}
