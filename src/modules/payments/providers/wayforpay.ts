import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { DomainError } from "@/src/platform/http/errors";
import type { PaymentStatus } from "../states";
import type { ParsedEvent } from "./stripe";

export const WAYFORPAY_PAY_URL = "https://secure.wayforpay.com/pay";

const hmacMd5 = (secret: string, fields: (string | number)[]) => createHmac("md5", secret).update(fields.join(";")).digest("hex");
const major = (amountMinor: number) => (amountMinor / 100).toFixed(2);

export interface WayForPayConfig {
  merchantAccount: string;
  secretKey: string;
  domain: string;
}

/** The purchase form (Accept payment, documented fields and signature order): the browser posts it to WayForPay. */
export function wayForPayForm(c: WayForPayConfig, t: { id: string; amountMinor: number; currency: string; description: string; createdAt: Date }, urls: { returnUrl: string; serviceUrl: string }) {
  const orderDate = Math.floor(t.createdAt.getTime() / 1000);
  const amount = major(t.amountMinor);
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
