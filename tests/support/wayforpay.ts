import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { WayForPayConfig } from "@/src/modules/payments/providers/wayforpay";

const hmacMd5 = (secret: string, fields: (string | number)[]) => createHmac("md5", secret).update(fields.join(";")).digest("hex");

/** A service-URL callback signed as WayForPay signs it. */
export function signWayForPayCallback(c: WayForPayConfig, fields: { orderReference: string; amount: number | string; currency: string; transactionStatus: string; authCode?: string; cardPan?: string; reasonCode?: number | string }) {
  const body = { merchantAccount: c.merchantAccount, authCode: "", cardPan: "", reasonCode: 1100, ...fields };
  return { ...body, merchantSignature: hmacMd5(c.secretKey, [body.merchantAccount, body.orderReference, String(body.amount), body.currency, String(body.authCode), body.cardPan, body.transactionStatus, String(body.reasonCode)]) };
}

export interface FakeWayForPay {
  apiUrl: string;
  /** What WayForPay knows of each order (set by the test as the buyer would, by paying). */
  orders: Map<string, { transactionStatus: string; amount: number; currency: string }>;
  requests: Record<string, unknown>[];
  close(): Promise<void>;
}

/** The merchant API (`transactionType` REFUND and CHECK_STATUS), verifying the request signature as WayForPay does. */
export async function startFakeWayForPay(c: WayForPayConfig): Promise<FakeWayForPay> {
  const orders: FakeWayForPay["orders"] = new Map();
  const requests: Record<string, unknown>[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString() || "{}") as Record<string, string | number>;
    requests.push(body);
    const answer = (data: Record<string, unknown>) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ merchantAccount: c.merchantAccount, orderReference: body.orderReference, ...data }));
    };
    const ref = String(body.orderReference);
    const order = orders.get(ref);
    if (body.transactionType === "CHECK_STATUS") {
      if (body.merchantSignature !== hmacMd5(c.secretKey, [c.merchantAccount, ref])) return answer({ reason: "Invalid signature", reasonCode: 1113 });
      if (!order) return answer({ reason: "Order not found", reasonCode: 1112 });
      const signed = { amount: order.amount, currency: order.currency, authCode: "123456", cardPan: "41****1111", transactionStatus: order.transactionStatus, reasonCode: 1100 };
      return answer({ ...signed, reason: "Ok", merchantSignature: hmacMd5(c.secretKey, [c.merchantAccount, ref, signed.amount, signed.currency, signed.authCode, signed.cardPan, signed.transactionStatus, signed.reasonCode]) });
    }
    if (body.transactionType === "REFUND") {
      if (body.merchantSignature !== hmacMd5(c.secretKey, [c.merchantAccount, ref, body.amount, body.currency])) return answer({ reason: "Invalid signature", reasonCode: 1113 });
      if (!order || order.transactionStatus !== "Approved") return answer({ transactionStatus: "Declined", reason: "Refund not allowed", reasonCode: 1120 });
      return answer({ transactionStatus: "Refunded", reason: "Ok", reasonCode: 1100 });
    }
    answer({ reason: "Unknown transactionType", reasonCode: 1104 });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`, orders, requests, close: () => new Promise((r) => server.close(() => r())) };
}
