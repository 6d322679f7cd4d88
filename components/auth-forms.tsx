"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { safeNext } from "@/src/platform/http/safe-next";
import { api, type ApiError } from "./api-client";
import { Alert, Button, Card, Field, Input } from "./ui";

function authErrorMessage(t: ReturnType<typeof useTranslations>, error: ApiError): string {
  if (error.code === "unauthenticated") return t("badCredentials");
  if (error.code === "conflict") return t("emailTaken");
  if (error.code === "rate_limited") return t("rateLimited");
  if (error.code === "email_not_verified") return t("notVerified");
  return error.message;
}

function useFormState() {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  return { error, setError, busy, setBusy };
}

/** Asks one of the auth routes to mail a link to an address; `sent` once it has accepted. */
function useMailedLink() {
  const form = useFormState();
  const [sent, setSent] = useState(false);
  async function request(path: string, email: FormDataEntryValue | null) {
    form.setBusy(true);
    const res = await api(path, { body: { email } });
    form.setBusy(false);
    if (!res.ok) return form.setError(res.error);
    form.setError(null);
    setSent(true);
  }
  return { ...form, sent, request };
}

export function SignInForm() {
  const t = useTranslations("auth");
  const router = useRouter();
  const next = safeNext(useSearchParams().get("next"));
  const { error, setError, busy, setBusy } = useFormState();
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    const res = await api("/api/v1/auth/sign-in", { body: { email: form.get("email"), password: form.get("password") } });
    setBusy(false);
    if (!res.ok) return setError(res.error);
    router.push(next);
    router.refresh();
  }
  return (
    <Card className="mx-auto max-w-md">
      <h1 className="mb-4 text-2xl font-semibold">{t("signInTitle")}</h1>
      <form onSubmit={submit} className="space-y-4" noValidate>
        {error && (
          <Alert kind="error">
            {authErrorMessage(t, error)} {error.code === "email_not_verified" && <Link href="/verify-email">{t("verifyHelp")}</Link>}
          </Alert>
        )}
        <Field label={t("email")} htmlFor="email" error={error?.fields?.email}>
          <Input id="email" name="email" type="email" autoComplete="email" required />
        </Field>
        <Field label={t("password")} htmlFor="password" error={error?.fields?.password}>
          <Input id="password" name="password" type="password" autoComplete="current-password" required />
        </Field>
        <Button type="submit" disabled={busy}>
          {t("submitSignIn")}
        </Button>
      </form>
      <div className="mt-4 space-y-1 text-sm">
        <p>
          <Link href="/forgot-password">{t("forgot")}</Link>
        </p>
        <p>
          {t("noAccount")} <Link href="/sign-up">{t("submitSignUp")}</Link>
        </p>
      </div>
    </Card>
  );
}

export function SignUpForm() {
  const t = useTranslations("auth");
  const router = useRouter();
  const { error, setError, busy, setBusy } = useFormState();
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    const res = await api("/api/v1/auth/sign-up", {
      body: { name: form.get("name"), email: form.get("email"), password: form.get("password") },
    });
    setBusy(false);
    if (!res.ok) return setError(res.error);
    if ((res.data as { verificationRequired?: boolean }).verificationRequired) return router.push("/verify-email?sent=1");
    router.push("/account");
    router.refresh();
  }
  return (
    <Card className="mx-auto max-w-md">
      <h1 className="mb-4 text-2xl font-semibold">{t("signUpTitle")}</h1>
      <form onSubmit={submit} className="space-y-4" noValidate>
        {error && <Alert kind="error">{authErrorMessage(t, error)}</Alert>}
        <Field label={t("name")} htmlFor="name" error={error?.fields?.name}>
          <Input id="name" name="name" autoComplete="name" required />
        </Field>
        <Field label={t("email")} htmlFor="email" error={error?.fields?.email}>
          <Input id="email" name="email" type="email" autoComplete="email" required />
        </Field>
        <Field label={t("password")} htmlFor="password" hint={t("passwordHint")} error={error?.fields?.password}>
          <Input id="password" name="password" type="password" autoComplete="new-password" minLength={8} required />
        </Field>
        <Button type="submit" disabled={busy}>
          {t("submitSignUp")}
        </Button>
      </form>
      <p className="mt-4 text-sm">
        {t("haveAccount")} <Link href="/sign-in">{t("submitSignIn")}</Link>
      </p>
    </Card>
  );
}

export function ForgotPasswordForm() {
  const t = useTranslations("auth");
  const { error, busy, sent, request } = useMailedLink();
  return (
    <Card className="mx-auto max-w-md">
      <h1 className="mb-2 text-2xl font-semibold">{t("forgotTitle")}</h1>
      <p className="mb-4 text-sm text-slate-600">{t("forgotIntro")}</p>
      <form
        className="space-y-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
          void request(`/api/v1/auth/${submitter?.value === "reset" ? "password-reset" : "magic-link"}`, new FormData(e.currentTarget).get("email"));
        }}
      >
        {sent && <Alert kind="success">{t("linkSent")}</Alert>}
        {error && <Alert kind="error">{authErrorMessage(t, error)}</Alert>}
        <Field label={t("email")} htmlFor="email" error={error?.fields?.email}>
          <Input id="email" name="email" type="email" autoComplete="email" required />
        </Field>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" name="kind" value="magic" disabled={busy}>
            {t("sendMagicLink")}
          </Button>
          <Button type="submit" name="kind" value="reset" variant="secondary" disabled={busy}>
            {t("sendReset")}
          </Button>
        </div>
      </form>
    </Card>
  );
}

/** Where the verification link lands, and where a new link is asked for. */
export function VerifyEmailPanel() {
  const t = useTranslations("auth");
  const params = useSearchParams();
  const { error, busy, sent: resent, request } = useMailedLink();
  const failed = params.get("error");
  const verified = params.get("verified") === "1" && !failed;
  function resend(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    void request("/api/v1/auth/verify-email", new FormData(e.currentTarget).get("email"));
  }
  return (
    <Card className="mx-auto max-w-md">
      <h1 className="mb-4 text-2xl font-semibold">{t("verifyTitle")}</h1>
      <div data-testid="verify-outcome" className="mb-4">
        {verified ? (
          <Alert kind="success">
            {t("verifyDone")} <Link href="/sign-in">{t("submitSignIn")}</Link>
          </Alert>
        ) : failed ? (
          <Alert kind="error">{t("verifyInvalid")}</Alert>
        ) : (
          <Alert kind="info">{params.get("sent") === "1" ? t("verifySent") : t("verifyIntro")}</Alert>
        )}
      </div>
      {!verified && (
        <form onSubmit={resend} className="space-y-4" noValidate>
          {resent && <Alert kind="success">{t("verifyResent")}</Alert>}
          {error && <Alert kind="error">{authErrorMessage(t, error)}</Alert>}
          <Field label={t("email")} htmlFor="email" error={error?.fields?.email}>
            <Input id="email" name="email" type="email" autoComplete="email" required />
          </Field>
          <Button type="submit" disabled={busy}>
            {t("verifyResend")}
          </Button>
        </form>
      )}
    </Card>
  );
}

export function ResetPasswordForm() {
  const t = useTranslations("auth");
  const params = useSearchParams();
  const token = params.get("token");
  const { error, setError, busy, setBusy } = useFormState();
  const [done, setDone] = useState(false);
  if (!token || params.get("error")) return <Alert kind="error">{t("resetInvalid")}</Alert>;
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    const res = await api("/api/v1/auth/password-reset/confirm", { body: { token, newPassword: new FormData(e.currentTarget).get("newPassword") } });
    setBusy(false);
    if (!res.ok) return setError(res.error);
    setDone(true);
  }
  return (
    <Card className="mx-auto max-w-md">
      <h1 className="mb-4 text-2xl font-semibold">{t("resetTitle")}</h1>
      {done ? (
        <Alert kind="success">
          {t("resetDone")} <Link href="/sign-in">{t("submitSignIn")}</Link>
        </Alert>
      ) : (
        <form onSubmit={submit} className="space-y-4" noValidate>
          {error && <Alert kind="error">{error.code === "validation_failed" && error.fields?.token ? t("resetInvalid") : error.message}</Alert>}
          <Field label={t("newPassword")} htmlFor="newPassword" hint={t("passwordHint")} error={error?.fields?.newPassword}>
            <Input id="newPassword" name="newPassword" type="password" autoComplete="new-password" minLength={8} required />
          </Field>
          <Button type="submit" disabled={busy}>
            {t("resetSubmit")}
          </Button>
        </form>
      )}
    </Card>
  );
}
