"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { Profile } from "@/src/modules/members/service";
import { api, type ApiError } from "./api-client";
import { Alert, Button, Field, Input, Textarea } from "./ui";

const splitList = (value: FormDataEntryValue | null) =>
  String(value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

export function ProfileForm({ profile, categories }: { profile: Profile; categories: string[] }) {
  const t = useTranslations("account");
  const tc = useTranslations("common");
  const tcat = useTranslations("categories");
  const router = useRouter();
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setSaved(false);
    const res = await api("/api/v1/me/profile", {
      method: "PUT",
      body: {
        headline: form.get("headline"),
        bio: form.get("bio"),
        skills: splitList(form.get("skills")),
        categories: form.getAll("categories"),
        location: form.get("location"),
        remote: form.get("remote") === "on",
        languages: splitList(form.get("languages")).map((l) => l.toLowerCase()),
        notifyOnMatch: form.get("notifyOnMatch") === "on",
      },
    });
    setBusy(false);
    if (!res.ok) return setError(res.error);
    setError(null);
    setSaved(true);
    router.refresh();
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate data-testid="profile-form">
      {error && <Alert kind="error">{error.message}</Alert>}
      {saved && <Alert kind="success">{tc("saved")}</Alert>}
      <Field label={t("headline")} hint={t("headlineHint")} htmlFor="headline" error={error?.fields?.headline}>
        <Input id="headline" name="headline" defaultValue={profile.headline ?? ""} maxLength={140} />
      </Field>
      <Field label={t("bio")} htmlFor="bio" error={error?.fields?.bio}>
        <Textarea id="bio" name="bio" rows={5} defaultValue={profile.bio ?? ""} maxLength={4000} />
      </Field>
      <Field label={t("skills")} hint={t("skillsHint")} htmlFor="skills" error={error?.fields?.skills}>
        <Input id="skills" name="skills" defaultValue={profile.skills.join(", ")} />
      </Field>
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-slate-700">{t("categories")}</legend>
        <div className="grid grid-cols-1 gap-1 sm:grid-cols-2 md:grid-cols-3">
          {categories.map((id) => (
            <label key={id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="categories" value={id} defaultChecked={profile.categories.includes(id)} />
              {tcat.has(id) ? tcat(id) : id}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t("location")} htmlFor="location" error={error?.fields?.location}>
          <Input id="location" name="location" defaultValue={profile.location ?? ""} maxLength={120} />
        </Field>
        <Field label={t("languages")} hint={t("languagesHint")} htmlFor="languages" error={Object.entries(error?.fields ?? {}).find(([k]) => k.startsWith("languages"))?.[1]}>
          <Input id="languages" name="languages" defaultValue={profile.languages.join(", ")} />
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="remote" defaultChecked={profile.remote} />
        {t("remote")}
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="notifyOnMatch" defaultChecked={profile.notifyOnMatch} />
        {t("notifyOnMatch")}
      </label>
      <Button type="submit" disabled={busy}>
        {busy ? tc("saving") : tc("save")}
      </Button>
    </form>
  );
}
