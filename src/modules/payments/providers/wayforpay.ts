import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { DomainError } from "@/src/platform/http/errors";
import type { PaymentStatus } from "../states";
import type { ParsedEvent, PaymentProvider, ProviderState, ProviderTransaction, RefundResult } from "./port";
import { toMajor } from "../money";

export const WAYFORPAY_PAY_URL = "https://secure.wayforpay.com/pay";
export const WAYFORPAY_API_URL = "https://api.wayforpay.com/api";

const hmacMd5 = (secret: string, fields: (string | number)[]) => createHmac("md5", secret).update(fields.join(";")).digest("hex");

export interface WayForPayConfig {
  merchantAccount: string;
  secretKey: string;
  domain: string;
  /** The merchant API (refund, status); a local fake in tests. */
  apiUrl?: string;
}

/** The purchase form (Accept payment, documented fields and signature order): the browser posts it to WayForPay. */
export function wayForPayForm(c: WayForPayConfig, t: { id: string; amountMinor: number; currency: string; description: string; createdAt: Date }, urls: { returnUrl: string; serviceUrl: string; orderTimeout?: number }) {
  const orderDate = Math.floor(t.createdAt.getTime() / 1000);
  const amount = toMajor(t.amountMinor);
  const fields = {
    merchantAccount: c.merchantAccount,
    merchantDomainName: c.domain,
    merchantTransactionSecureType: "AUTO",
    orderReference: t.id,
    orderDate: String(orderDate),
    amount,
    currency: t.currency,
    "productName[]": t.description,
    "productCount[]": "1",
    "productPrice[]": amount,
    returnUrl: urls.returnUrl,
    serviceUrl: urls.serviceUrl,
    ...(urls.orderTimeout ? { orderTimeout: String(urls.orderTimeout) } : {}),
  };
  const merchantSignature = hmacMd5(c.secretKey, [c.merchantAccount, c.domain, t.id, orderDate, amount, t.currency, t.description, 1, amount]);
  return { action: WAYFORPAY_PAY_URL, method: "POST" as const, fields: { ...fields, merchantSignature } };
}

const Callback = z.looseObject({
  merchantAccount: z.string(),
  orderReference: z.string(),
  merchantSignature: z.string(),
  amount: z.union([z.number(), z.string()]),
  currency: z.string(),
  authCode: z.union([z.string(), z.number()]).optional().default(""),
  cardPan: z.string().optional().default(""),
  transactionStatus: z.string(),
  reasonCode: z.union([z.number(), z.string()]).optional().default(""),
});

const STATUS: Record<string, PaymentStatus> = {
  Approved: "succeeded",
  Declined: "failed",
  Expired: "cancelled",
  Refunded: "refunded",
  Voided: "refunded",
  InProcessing: "pending",
  WaitingAuthComplete: "pending",
  Pending: "pending",
};

/** Verifies a service-URL callback (HMAC-MD5 over the documented fields, constant-time) and maps it. */
export function parseWayForPayCallback(c: WayForPayConfig, body: unknown): ParsedEvent {
  const parsed = Callback.safeParse(body);
  if (!parsed.success) throw new DomainError("bad_request", "Not a WayForPay callback");
  const p = parsed.data;
  const expected = Buffer.from(hmacMd5(c.secretKey, [p.merchantAccount, p.orderReference, String(p.amount), p.currency, String(p.authCode), p.cardPan, p.transactionStatus, String(p.reasonCode)]));
  const given = Buffer.from(p.merchantSignature);
  if (p.merchantAccount !== c.merchantAccount || expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new DomainError("bad_request", "Invalid WayForPay signature");
  }
  return {
    // WayForPay sends no event id: one delivery per order and status is the fact.
    eventId: `${p.orderReference}:${p.transactionStatus}`,
    type: p.transactionStatus,
    transactionId: p.orderReference,
    providerRef: p.orderReference,
    status: STATUS[p.transactionStatus] ?? null,
    amountMinor: Math.round(Number(p.amount) * 100),
    currency: p.currency.toUpperCase(),
    payload: p as Record<string, unknown>,
  };
}

/** The signed answer WayForPay expects, or it keeps re-sending the callback. */
export function wayForPayAccept(c: WayForPayConfig, orderReference: string, now = new Date()) {
  const time = Math.floor(now.getTime() / 1000);
  return { orderReference, status: "accept", time, signature: hmacMd5(c.secretKey, [orderReference, "accept", time]) };
}

const ApiAnswer = z.looseObject({
  orderReference: z.string().optional(),
  transactionStatus: z.string().optional(),
  reason: z.union([z.string(), z.number()]).optional(),
  reasonCode: z.union([z.number(), z.string()]).optional(),
  amount: z.union([z.number(), z.string()]).optional(),
  currency: z.string().optional(),
  authCode: z.union([z.string(), z.number()]).optional(),
  cardPan: z.string().optional(),
  merchantSignature: z.string().optional(),
});

/** One merchant API call (JSON in and out, `transactionType` names it). */
async function callApi(c: WayForPayConfig, body: Record<string, unknown>) {
  const res = await fetch(c.apiUrl ?? WAYFORPAY_API_URL, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...body, apiVersion: 1 }), signal: AbortSignal.timeout(15_000) });
  if (!res.ok) throw new DomainError("provider_error", `WayForPay answered HTTP ${res.status}`);
  const parsed = ApiAnswer.safeParse(await res.json().catch(() => null));
  if (!parsed.success) throw new DomainError("provider_error", "WayForPay answered something that is not its API's JSON");
  return parsed.data;
}

const REFUND_STATUS: Record<string, RefundResult["status"]> = { Refunded: "succeeded", Voided: "succeeded", RefundInProcessing: "pending" };

/** WayForPay: the purchase form, the signed service-URL callback, and the REFUND / CHECK_STATUS API. */
export function wayForPayProvider(c: WayForPayConfig): PaymentProvider {
  const ref = (t: ProviderTransaction) => t.providerRef ?? t.id;
  return {
    name: "wayforpay",
    async createCheckout(t, options) {
      return { providerRef: t.id, next: { form: wayForPayForm(c, t, { returnUrl: options.returnUrl, serviceUrl: options.serviceUrl, orderTimeout: options.expiresInSeconds }) } };
    },
    verifyAndParseWebhook(rawBody) {
      let body: unknown;
      try {
        body = JSON.parse(rawBody);
      } catch {
        throw new DomainError("validation_failed", "The body is not valid JSON");
      }
      return parseWayForPayCallback(c, body);
    },
    webhookAnswer: (event) => wayForPayAccept(c, event.providerRef!),
    async refund(t, r) {
      const amount = toMajor(r.amountMinor);
      const answer = await callApi(c, {
        transactionType: "REFUND",
        merchantAccount: c.merchantAccount,
        orderReference: ref(t),
        amount,
        currency: t.currency,
        comment: r.reason,
        merchantSignature: hmacMd5(c.secretKey, [c.merchantAccount, ref(t), amount, t.currency]),
      });
      const status = REFUND_STATUS[answer.transactionStatus ?? ""] ?? "failed";
      return { status, providerRef: ref(t), detail: `${answer.transactionStatus ?? "no status"}: ${answer.reason ?? ""} (${answer.reasonCode ?? "?"})` };
    },
    async fetchStatus(t): Promise<ProviderState> {
      const answer = await callApi(c, { transactionType: "CHECK_STATUS", merchantAccount: c.merchantAccount, orderReference: ref(t), merchantSignature: hmacMd5(c.secretKey, [c.merchantAccount, ref(t)]) });
      const detail = `${answer.transactionStatus ?? "unknown"}: ${answer.reason ?? ""} (${answer.reasonCode ?? "?"})`;
      // An order the buyer never submitted has no status yet.
      if (!answer.transactionStatus) return { status: "pending", amountMinor: null, currency: null, detail };
      const expected = hmacMd5(c.secretKey, [c.merchantAccount, ref(t), String(answer.amount ?? ""), answer.currency ?? "", String(answer.authCode ?? ""), answer.cardPan ?? "", answer.transactionStatus, String(answer.reasonCode ?? "")]);
      if (answer.merchantSignature !== expected) throw new DomainError("provider_error", "WayForPay's status answer is not signed with this merchant's key");
      return { status: STATUS[answer.transactionStatus] ?? "pending", amountMinor: answer.amount === undefined ? null : Math.round(Number(answer.amount) * 100), currency: answer.currency?.toUpperCase() ?? null, detail };
    },
    // WayForPay closes an order by itself after `orderTimeout`; there is nothing to call.
    async expire() {},
  };
}
