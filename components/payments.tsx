"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { api, errorText } from "./api-client";
import { Alert, Badge, Button, Input, Select } from "./ui";
import { useApiForm } from "./use-api-form";

export type Provider = "stripe" | "wayforpay" | "credits";
export type Next = { transactionId: string; status: string; redirectUrl?: string | null; form?: { action: string; method: "POST"; fields: Record<string, string> } };

/** Sends the browser where the provider wants it: Stripe's page, WayForPay's form, or our return page. */
export function follow(next: Next) {
  if (next.redirectUrl) return void (window.location.href = next.redirectUrl);
  if (next.form) {
    const form = document.createElement("form");
    form.method = next.form.method;
    form.action = next.form.action;
    for (const [name, value] of Object.entries(next.form.fields)) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = value;
      form.appendChild(input);
    }
    document.body.appendChild(form);
    return void form.submit();
  }
  window.location.href = `/payments/return?transaction=${next.transactionId}`;
}

/** Pay buttons, one per enabled provider; for credits top-ups, an amount field first. */
export function CheckoutButtons({ purpose, providers, packs = [] }: { purpose: "membership" | "credits"; providers: Provider[]; packs?: number[] }) {
  const t = useTranslations("payments");
  const [amount, setAmount] = useState(String(packs[0] ?? 10));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pay = async (provider: Provider) => {
    setBusy(true);
    const body = purpose === "credits" ? { purpose, provider, amount: Math.round(Number(amount) * 100) } : { purpose, provider };
    const res = await api<Next>("/api/v1/checkout", { body: { ...body, idempotencyKey: crypto.randomUUID() } });
    setBusy(false);
    if (res.ok) follow(res.data);
    else setError(errorText(res.error));
  };
  return (
    <div className="space-y-3">
      {error && <Alert kind="error">{error}</Alert>}
      {purpose === "credits" && (
        <label className="block text-sm">
          {t("amount")}
          {packs.length > 0 ? (
            <Select value={amount} onChange={(e) => setAmount(e.target.value)} className="mt-1 block w-40">
              {packs.map((p) => (
                <option key={p} value={p}>
                  {t("pack", { credits: p })}
                </option>
              ))}
            </Select>
          ) : (
            <Input type="number" min="1" step="1" value={amount} onChange={(e) => setAmount(e.target.value)} className="mt-1 w-32" />
          )}
        </label>
      )}
      <div className="flex flex-wrap gap-2">
        {providers.length === 0 && <p className="text-sm text-slate-600">{t("noProviders")}</p>}
        {providers.map((p) => (
          <Button key={p} disabled={busy} variant={p === "credits" ? "secondary" : "primary"} onClick={() => pay(p)}>
            {t(`payWith_${p}`)}
          </Button>
        ))}
      </div>
    </div>
  );
}

/** The return page follows the transaction until the provider's webhook settles it; it never assumes success. */
export function PaymentStatus({ id, initial }: { id: string; initial: string }) {
  const t = useTranslations("payments");
  const router = useRouter();
  const [status, setStatus] = useState(initial);
  useEffect(() => {
    if (status !== "pending" && status !== "created") return;
    const timer = setInterval(async () => {
      const res = await api<{ status: string }>(`/api/v1/me/transactions/${id}`);
      if (res.ok && res.data.status !== status) {
        setStatus(res.data.status);
        router.refresh();
      }
    }, 1500);
    return () => clearInterval(timer);
  }, [id, status, router]);
  const tone = status === "succeeded" ? "green" : status === "pending" || status === "created" ? "blue" : "red";
  return (
    <p className="text-lg" role="status">
      <Badge tone={tone}>
        <span data-testid="payment-status">{t(`status_${status}` as "status_pending")}</span>
      </Badge>{" "}
      {t(`explain_${status}` as "explain_pending")}
    </p>
  );
}

/** Admin: grant (or, negative, revoke) credits with a reason. */
export function GrantCreditsForm() {
  const t = useTranslations("payments");
  const { message, onSubmit } = useApiForm(
    (f) => api<{ balance: number }>("/api/v1/admin/payments/credits", { body: { userId: f.get("userId"), amount: Number(f.get("amount")), reason: f.get("reason") } }),
    (data) => t("granted", { balance: data.balance }),
  );
  return (
    <form className="flex flex-wrap items-end gap-2" onSubmit={onSubmit}>
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      <Input name="userId" placeholder={t("userId")} aria-label={t("userId")} required />
      <Input name="amount" type="number" placeholder={t("credits")} aria-label={t("credits")} required className="w-28" />
      <Input name="reason" placeholder={t("reason")} aria-label={t("reason")} required />
      <Button type="submit">{t("grant")}</Button>
    </form>
  );
}

/** Admin: refund part (an amount) or all of what is left, with a reason the payer's history keeps. */
export function RefundForm({ transactionId, currency, leftMinor }: { transactionId: string; currency: string; leftMinor: number }) {
  const t = useTranslations("payments");
  const { message, busy, onSubmit } = useApiForm(
    (f) => {
      const amount = String(f.get("amount") ?? "").trim();
      return api<{ amountMinor: number; status: string }>(`/api/v1/admin/payments/transactions/${transactionId}/refund`, {
        body: { reason: f.get("reason"), ...(amount ? { amountMinor: Math.round(Number(amount) * 100) } : {}) },
      });
    },
    (data) => t(data.status === "succeeded" ? "refundDone" : "refundPending"),
  );
  return (
    <form className="space-y-2" onSubmit={onSubmit}>
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      <div className="flex flex-wrap items-end gap-2">
        <label className="text-sm">
          {t("refundAmount", { currency })}
          <Input name="amount" type="number" min="0.01" step="0.01" max={(leftMinor / 100).toFixed(2)} placeholder={(leftMinor / 100).toFixed(2)} className="mt-1 w-32" />
        </label>
        <label className="grow text-sm">
          {t("reason")}
          <Input name="reason" required minLength={3} maxLength={500} className="mt-1 w-full" />
        </label>
        <Button type="submit" variant="danger" disabled={busy}>
          {t("refund")}
        </Button>
      </div>
      <p className="text-xs text-slate-600">{t("refundHint")}</p>
    </form>
  );
}
