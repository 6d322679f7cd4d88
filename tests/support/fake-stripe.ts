import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

interface FakeSession {
  id: string;
  form: Record<string, string>;
  status: "open" | "complete" | "expired";
  paymentStatus: "unpaid" | "paid";
  paymentIntent: string | null;
}

interface FakeRefund {
  id: string;
  payment_intent: string;
  amount: number;
  status: "succeeded" | "pending" | "failed";
}

export interface FakeStripe {
  base: string;
  /** The form of every session created, in order. */
  sessions: Record<string, string>[];
  refunds: FakeRefund[];
  /** The buyer paid: the session is complete with a payment intent. */
  pay(sessionId: string): void;
  /** How the next refunds answer (Stripe's refund statuses). */
  refundStatus: FakeRefund["status"];
  close(): Promise<void>;
}

const send = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};
const stripeError = (res: ServerResponse, status: number, message: string) => send(res, status, { error: { type: "invalid_request_error", message } });

/**
 * Answers the Stripe API calls the app makes, as Stripe does (form-encoded in, JSON out): Checkout
 * Sessions (create, retrieve, expire) and Refunds (create, honouring `Idempotency-Key`, and retrieve).
 */
export async function startFakeStripe(): Promise<FakeStripe> {
  const sessions = new Map<string, FakeSession>();
  const refunds: FakeRefund[] = [];
  const byIdempotencyKey = new Map<string, FakeRefund>();
  const forms: Record<string, string>[] = [];
  const sessionJson = (s: FakeSession) => ({
    id: s.id,
    object: "checkout.session",
    url: s.status === "open" ? `https://checkout.stripe.test/c/pay/${s.id}` : null,
    mode: "payment",
    payment_status: s.paymentStatus,
    status: s.status,
    payment_intent: s.paymentIntent,
    client_reference_id: s.form.client_reference_id ?? null,
    metadata: { transactionId: s.form["metadata[transactionId]"] },
    amount_total: Number(s.form["line_items[0][price_data][unit_amount]"]),
    currency: s.form["line_items[0][price_data][currency]"],
    expires_at: Number(s.form.expires_at ?? 0),
  });
  const fake: FakeStripe = {
    base: "",
    sessions: forms,
    refunds,
    refundStatus: "succeeded",
    pay(sessionId) {
      const s = sessions.get(sessionId)!;
      Object.assign(s, { status: "complete", paymentStatus: "paid", paymentIntent: `pi_test_${sessionId}` });
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()));
    if (!String(req.headers.authorization ?? "").startsWith("Bearer sk_test_")) return stripeError(res, 401, "Invalid API Key provided");
    const url = req.url ?? "";
    let match: RegExpMatchArray | null;
    if (req.method === "POST" && url === "/v1/checkout/sessions") {
      forms.push(form);
      const s: FakeSession = { id: `cs_test_${forms.length}_${Date.now()}`, form, status: "open", paymentStatus: "unpaid", paymentIntent: null };
      sessions.set(s.id, s);
      return send(res, 200, sessionJson(s));
    }
    if ((match = url.match(/^\/v1\/checkout\/sessions\/([^/?]+)(\/expire)?/))) {
      const s = sessions.get(match[1]);
      if (!s) return stripeError(res, 404, `No such checkout.session: '${match[1]}'`);
      if (req.method === "POST" && match[2]) {
        if (s.status !== "open") return stripeError(res, 400, `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${s.status}".`);
        s.status = "expired";
      }
      return send(res, 200, sessionJson(s));
    }
    if (req.method === "POST" && url === "/v1/refunds") {
      const key = String(req.headers["idempotency-key"] ?? "");
      const seen = key ? byIdempotencyKey.get(key) : undefined;
      if (seen) return send(res, 200, { object: "refund", ...seen });
      const paid = [...sessions.values()].find((s) => s.paymentIntent === form.payment_intent);
      if (!paid) return stripeError(res, 400, `No such payment_intent: '${form.payment_intent}'`);
      const already = refunds.filter((r) => r.payment_intent === form.payment_intent && r.status !== "failed").reduce((sum, r) => sum + r.amount, 0);
      const amount = Number(form.amount ?? Number(paid.form["line_items[0][price_data][unit_amount]"]) - already);
      if (already + amount > Number(paid.form["line_items[0][price_data][unit_amount]"])) return stripeError(res, 400, "Refund amount is greater than unrefunded amount on charge");
      const refund: FakeRefund = { id: `re_test_${refunds.length + 1}`, payment_intent: form.payment_intent, amount, status: fake.refundStatus };
      refunds.push(refund);
      if (key) byIdempotencyKey.set(key, refund);
      return send(res, 200, { object: "refund", ...refund });
    }
    if (req.method === "GET" && (match = url.match(/^\/v1\/refunds\/([^/?]+)/))) {
      const refund = refunds.find((r) => r.id === match![1]);
      return refund ? send(res, 200, { object: "refund", ...refund }) : stripeError(res, 404, `No such refund: '${match[1]}'`);
    }
    stripeError(res, 404, `Unrecognized request URL (${req.method}: ${url})`);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  fake.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/** A `checkout.session.completed` event body as Stripe sends it. */
export function sessionCompleted(eventId: string, session: { id: string; transactionId: string; amount: number; currency: string }) {
  return JSON.stringify({
    id: eventId,
    object: "event",
    type: "checkout.session.completed",
    api_version: "2025-01-27.acacia",
    created: Math.floor(Date.now() / 1000),
    data: { object: { id: session.id, object: "checkout.session", payment_status: "paid", status: "complete", client_reference_id: session.transactionId, metadata: { transactionId: session.transactionId }, amount_total: session.amount, currency: session.currency.toLowerCase() } },
  });
}
