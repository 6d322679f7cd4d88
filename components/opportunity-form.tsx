"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api, type ApiError } from "./api-client";
import { Alert, Button, Field, Input, Select, Textarea } from "./ui";

export interface OpportunityFormProps {
  initial?: {
    id: string;
    title: string;
    description: string;
    type: string;
    category: string;
    skills: string[];
    location: string | null;
    remote: boolean;
    budget: { min: number | null; max: number | null; currency: string } | null;
    expiresAt: string | null;
    visibility: string;
    entityId: string | null;
    status: string;
  };
  types: { id: string; allowed: boolean }[];
  categories: { id: string; label: string }[];
  entities: { id: string; name: string }[];
  visibilities: string[];
  currencies: readonly string[];
}

const numberOrNull = (v: FormDataEntryValue | null) => (v === null || v === "" ? null : Number(v));

export function OpportunityForm({ initial, types, categories, entities, visibilities, currencies }: OpportunityFormProps) {
  const t = useTranslations("opportunities");
  const tt = useTranslations("opportunityTypes");
  const router = useRouter();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldError = (name: string) => error?.fields?.[name] ?? Object.entries(error?.fields ?? {}).find(([k]) => k.startsWith(`${name}.`))?.[1];

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const currency = String(form.get("currency") ?? "");
    const min = numberOrNull(form.get("budgetMin"));
    const max = numberOrNull(form.get("budgetMax"));
    const expires = String(form.get("expiresAt") ?? "");
    const body = {
      title: form.get("title"),
      description: form.get("description"),
      type: form.get("type"),
      category: form.get("category"),
      skills: String(form.get("skills") ?? "").split(",").map((s) => s.trim()).filter(Boolean),
      location: form.get("location"),
      remote: form.get("remote") === "on",
      budget: currency && (min !== null || max !== null) ? { min, max, currency } : null,
      expiresAt: expires ? new Date(`${expires}T23:59:59`).toISOString() : null,
      visibility: form.get("visibility"),
      entityId: form.get("entityId") || null,
      ...(initial ? {} : { submit: submitter?.value !== "draft" }),
    };
    setBusy(true);
    const res = initial
      ? await api<{ id: string }>(`/api/v1/opportunities/${initial.id}`, { method: "PATCH", body })
      : await api<{ id: string }>("/api/v1/opportunities", { body });
    setBusy(false);
    if (!res.ok) return setError(res.error);
    router.push(`/opportunities/${res.data.id}`);
    router.refresh();
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate data-testid="opportunity-form">
      {error && <Alert kind="error">{error.message}</Alert>}
      {initial?.status === "active" && <Alert kind="info">{t("editBackToReview")}</Alert>}
      <Field label={t("fieldTitle")} htmlFor="title" error={fieldError("title")}>
        <Input id="title" name="title" defaultValue={initial?.title} maxLength={160} required aria-invalid={Boolean(fieldError("title"))} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t("type")} htmlFor="type" error={fieldError("type")}>
          <Select id="type" name="type" defaultValue={initial?.type ?? types.find((x) => x.allowed)?.id} className="w-full">
            {types.map((ty) => (
              <option key={ty.id} value={ty.id} disabled={!ty.allowed}>
                {tt(`${ty.id}.label` as "request.label")}
                {ty.allowed ? "" : ` (${t("typeNeedsMember")})`}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t("category")} htmlFor="category" error={fieldError("category")}>
          <Select id="category" name="category" defaultValue={initial?.category ?? categories[0]?.id} className="w-full">
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Field label={t("fieldDescription")} htmlFor="description" error={fieldError("description")}>
        <Textarea id="description" name="description" rows={8} defaultValue={initial?.description} maxLength={20000} required aria-invalid={Boolean(fieldError("description"))} />
      </Field>
      <Field label={t("skills")} hint={t("skillsHint")} htmlFor="skills" error={fieldError("skills")}>
        <Input id="skills" name="skills" defaultValue={initial?.skills.join(", ")} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t("fieldLocation")} htmlFor="location" error={fieldError("location")}>
          <Input id="location" name="location" defaultValue={initial?.location ?? ""} maxLength={120} />
        </Field>
        <Field label={t("fieldExpires")} htmlFor="expiresAt" error={fieldError("expiresAt")}>
          <Input id="expiresAt" name="expiresAt" type="date" defaultValue={initial?.expiresAt?.slice(0, 10) ?? ""} />
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="remote" defaultChecked={initial?.remote} />
        {t("fieldRemote")}
      </label>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium">{t("budget")}</legend>
        <div className="flex flex-wrap gap-2">
          <Input name="budgetMin" type="number" min={0} defaultValue={initial?.budget?.min ?? ""} aria-label={t("budgetMin")} placeholder={t("budgetMin")} className="w-28" />
          <Input name="budgetMax" type="number" min={0} defaultValue={initial?.budget?.max ?? ""} aria-label={t("budgetMax")} placeholder={t("budgetMax")} className="w-28" />
          <Select name="currency" defaultValue={initial?.budget?.currency ?? ""} aria-label={t("currency")}>
            <option value="">—</option>
            {currencies.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </Select>
        </div>
        {fieldError("budget") && <p className="text-xs text-red-600">{fieldError("budget")}</p>}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t("visibility")} htmlFor="visibility" error={fieldError("visibility")}>
          <Select id="visibility" name="visibility" defaultValue={initial?.visibility ?? "public"} className="w-full">
            {visibilities.map((v) => (
              <option key={v} value={v}>
                {t(`visibility_${v}` as "visibility_public")}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t("fieldEntity")} htmlFor="entityId" error={fieldError("entityId")}>
          <Select id="entityId" name="entityId" defaultValue={initial?.entityId ?? ""} className="w-full">
            <option value="">{t("noEntity")}</option>
            {entities.map((en) => (
              <option key={en.id} value={en.id}>
                {en.name}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <div className="flex flex-wrap gap-2">
        {initial ? (
          <Button type="submit" disabled={busy}>
            {t("saveChanges")}
          </Button>
        ) : (
          <>
            <Button type="submit" name="action" value="submit" disabled={busy}>
              {t("submit")}
            </Button>
            <Button type="submit" name="action" value="draft" variant="secondary" disabled={busy}>
              {t("saveDraft")}
            </Button>
          </>
        )}
      </div>
    </form>
  );
}
