import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeStripe {
  base: string;
  sessions: Record<string, string>[];
  close(): Promise<void>;
}

/** Answers the Stripe API calls the app makes (Checkout Sessions), as form-encoded requests in, JSON out. */
export async function startFakeStripe(): Promise<FakeStripe> {
  const sessions: Record<string, string>[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()));
    res.setHeader("content-type", "application/json");
    if (req.method === "POST" && req.url === "/v1/checkout/sessions") {
      if (!String(req.headers.authorization ?? "").startsWith("Bearer sk_test_")) {
        res.writeHead(401);
        return res.end(JSON.stringify({ error: { type: "invalid_request_error", message: "Invalid API Key provided" } }));
      }
      sessions.push(form);
      const id = `cs_test_${sessions.length}_${Date.now()}`;
      return res.end(
        JSON.stringify({
          id,
          object: "checkout.session",
          url: `https://checkout.stripe.test/c/pay/${id}`,
          mode: "payment",
          payment_status: "unpaid",
          status: "open",
          client_reference_id: form.client_reference_id ?? null,
          metadata: { transactionId: form["metadata[transactionId]"] },
          amount_total: Number(form["line_items[0][price_data][unit_amount]"]),
          currency: form["line_items[0][price_data][currency]"],
        }),
      );
    }
    res.writeHead(404);
    res.end(JSON.stringify({ error: { type: "invalid_request_error", message: `Unrecognized request URL (${req.method}: ${req.url})` } }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sessions, close: () => new Promise((r) => server.close(() => r())) };
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
