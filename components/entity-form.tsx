"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { EntityDto } from "@/src/modules/entities/service";
import { api, uploadFile, type ApiError } from "./api-client";
import { Alert, Button, Field, Input, Select, Textarea } from "./ui";

export function EntityForm({ initial, types, visibilities }: { initial?: EntityDto; types: readonly string[]; visibilities: string[] }) {
  const t = useTranslations("entities");
  const te = useTranslations("entityTypes");
  const to = useTranslations("opportunities");
  const router = useRouter();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [logo, setLogo] = useState<{ id: string; url: string } | null>(initial?.logoUrl ? { id: initial.logoUrl.split("/").pop()!, url: initial.logoUrl } : null);
  const fe = (name: string) => error?.fields?.[name];

  async function uploadLogo(file: File) {
    setBusy(true);
    const res = await uploadFile(file, "logo");
    setBusy(false);
    if (!res.ok) return setError({ ...res.error, fields: { ...res.error.fields, logoFileId: res.error.message } });
    setError(null);
    setLogo({ id: res.data.id, url: res.data.url });
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body = {
      name: form.get("name"),
      type: form.get("type"),
      shortDescription: form.get("shortDescription"),
      description: form.get("description"),
      tags: String(form.get("tags") ?? "").split(",").map((s) => s.trim()).filter(Boolean),
      location: form.get("location"),
      website: form.get("website"),
      contactEmail: form.get("contactEmail"),
      visibility: form.get("visibility"),
      logoFileId: logo?.id ?? null,
    };
    setBusy(true);
    const res = initial ? await api<EntityDto>(`/api/v1/entities/${initial.id}`, { method: "PATCH", body }) : await api<EntityDto>("/api/v1/entities", { body });
    setBusy(false);
    if (!res.ok) return setError(res.error);
    router.push(`/entities/${res.data.id}`);
    router.refresh();
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate data-testid="entity-form">
      {error && <Alert kind="error">{error.message}</Alert>}
      <Field label={t("fieldName")} htmlFor="name" error={fe("name")}>
        <Input id="name" name="name" defaultValue={initial?.name} maxLength={120} required aria-invalid={Boolean(fe("name"))} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t("type")} htmlFor="type" error={fe("type")}>
          <Select id="type" name="type" defaultValue={initial?.type ?? "technology_software"} className="w-full">
            {types.map((ty) => (
              <option key={ty} value={ty}>
                {te(ty)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t("fieldVisibility")} htmlFor="visibility" error={fe("visibility")}>
          <Select id="visibility" name="visibility" defaultValue={initial?.visibility ?? "public"} className="w-full">
            {visibilities.map((v) => (
              <option key={v} value={v}>
                {to(`visibility_${v}` as "visibility_public")}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Field label={t("fieldLogo")} hint={t("logoHint")} htmlFor="logo" error={fe("logoFileId")}>
        <div className="flex items-center gap-3">
          {logo && <img src={logo.url} alt="" width={48} height={48} className="h-12 w-12 rounded object-cover" data-testid="logo-preview" />}
          <input id="logo" type="file" accept="image/png,image/jpeg,image/webp,image/gif" onChange={(e) => e.target.files?.[0] && void uploadLogo(e.target.files[0])} className="text-sm" />
          {logo && (
            <button type="button" className="text-sm text-slate-600 underline" onClick={() => setLogo(null)}>
              {t("logoRemove")}
            </button>
          )}
        </div>
      </Field>
      <Field label={t("fieldShort")} htmlFor="shortDescription" error={fe("shortDescription")}>
        <Input id="shortDescription" name="shortDescription" defaultValue={initial?.shortDescription} maxLength={280} />
      </Field>
      <Field label={t("fieldDescription")} htmlFor="description" error={fe("description")}>
        <Textarea id="description" name="description" rows={6} defaultValue={initial?.description} maxLength={10000} required aria-invalid={Boolean(fe("description"))} />
      </Field>
      <Field label={t("fieldTags")} hint={t("fieldTagsHint")} htmlFor="tags" error={fe("tags")}>
        <Input id="tags" name="tags" defaultValue={initial?.tags.join(", ")} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label={t("fieldLocation")} htmlFor="location" error={fe("location")}>
          <Input id="location" name="location" defaultValue={initial?.location ?? ""} />
        </Field>
        <Field label={t("fieldWebsite")} htmlFor="website" error={fe("website")}>
          <Input id="website" name="website" type="url" defaultValue={initial?.website ?? ""} placeholder="https://" aria-invalid={Boolean(fe("website"))} />
        </Field>
        <Field label={t("fieldEmail")} htmlFor="contactEmail" error={fe("contactEmail")}>
          <Input id="contactEmail" name="contactEmail" type="email" defaultValue={initial?.contactEmail ?? ""} />
        </Field>
      </div>
      <Button type="submit" disabled={busy}>
        {initial ? t("save") : t("create")}
      </Button>
    </form>
  );
}

export function DeleteEntityButton({ id }: { id: string }) {
  const t = useTranslations("entities");
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  return (
    <span>
      <Button
        variant="danger"
        onClick={async () => {
          if (!window.confirm(t("deleteConfirm"))) return;
          const res = await api(`/api/v1/entities/${id}`, { method: "DELETE" });
          if (!res.ok) return setError(res.error.message);
          router.push("/entities/mine");
          router.refresh();
        }}
      >
        {t("delete")}
      </Button>
      {error && <span className="ml-2 text-xs text-red-600">{error}</span>}
    </span>
  );
}

export function BlockEntityButton({ id }: { id: string }) {
  const t = useTranslations("entities");
  const router = useRouter();
  return (
    <Button
      variant="secondary"
      onClick={async () => {
        if (!window.confirm(t("blockConfirm"))) return;
        const res = await api("/api/v1/me/blocked-entities", { body: { entityId: id } });
        if (res.ok) {
          router.push("/entities");
          router.refresh();
        }
      }}
    >
      {t("block")}
    </Button>
  );
}

export function UnblockButton({ id }: { id: string }) {
  const t = useTranslations("account");
  const router = useRouter();
  return (
    <Button variant="secondary" onClick={async () => (await api(`/api/v1/me/blocked-entities/${id}`, { method: "DELETE" })).ok && router.refresh()}>
      {t("unblock")}
    </Button>
  );
}
