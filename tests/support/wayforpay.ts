import { createHmac } from "node:crypto";
import type { WayForPayConfig } from "@/src/modules/payments/providers/wayforpay";

const hmacMd5 = (secret: string, fields: (string | number)[]) => createHmac("md5", secret).update(fields.join(";")).digest("hex");

/** A service-URL callback signed as WayForPay signs it. */
export function signWayForPayCallback(c: WayForPayConfig, fields: { orderReference: string; amount: number | string; currency: string; transactionStatus: string; authCode?: string; cardPan?: string; reasonCode?: number | string }) {
  const body = { merchantAccount: c.merchantAccount, authCode: "", cardPan: "", reasonCode: 1100, ...fields };
  return { ...body, merchantSignature: hmacMd5(c.secretKey, [body.merchantAccount, body.orderReference, String(body.amount), body.currency, String(body.authCode), body.cardPan, body.transactionStatus, String(body.reasonCode)]) };
}
