"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, errorText } from "./api-client";
import { Alert, Button, Field, Input, Textarea } from "./ui";

/** Add a fact the AI drafter may use, or remove one. */
export function KnowledgeForm() {
  const t = useTranslations("email");
  const router = useRouter();
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const res = await api("/api/v1/admin/email/knowledge", { body: { title, body } });
    if (!res.ok) return setError(errorText(res.error));
    setError(null);
    setTitle("");
    setBody("");
    router.refresh();
  };
  return (
    <form onSubmit={submit} className="space-y-2" aria-label={t("addFact")}>
      {error && <Alert kind="error">{error}</Alert>}
      <Field label={t("factTitle")} htmlFor="fact-title">
        <Input id="fact-title" value={title} onChange={(e) => setTitle(e.target.value)} required minLength={2} maxLength={200} />
      </Field>
      <Field label={t("factBody")} htmlFor="fact-body">
        <Textarea id="fact-body" value={body} onChange={(e) => setBody(e.target.value)} rows={3} required minLength={2} maxLength={4000} />
      </Field>
      <Button type="submit">{t("addFact")}</Button>
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
