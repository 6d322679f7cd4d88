import { describe, expect, it } from "vitest";
import { inboundSignature } from "@/src/modules/email/inbound";
import { TEST_INBOUND_SECRET } from "../support/global-server";
import { call, signInAdmin, signUpUser } from "../support/http";

const push = (body: unknown, signature?: string) => {
  const raw = JSON.stringify(body);
  return call("/api/webhooks/email/inbound", { rawBody: raw, headers: { "content-type": "application/json", "x-ringlet-signature": signature ?? inboundSignature(TEST_INBOUND_SECRET, raw) } });
};

describe("email AI-CRM over HTTP", () => {
  it("a signed push is ingested once; an admin reviews, approves and sends the drafted reply", async () => {
    const message = { messageId: `<api-${Date.now()}@sender.example>`, from: { address: "maria@school.example", name: "Maria" }, to: "info@ring.example.org", subject: "Volunteering", text: "Hello! How do I find volunteering opportunities for my students?", date: new Date().toISOString() };
    expect((await push(message, "sha256=0000")).status).toBe(400);
    expect((await push({ ...message, from: "not an email" })).status).toBe(400);
    const first = await push(message);
    expect(first).toMatchObject({ status: 200, body: { outcome: "stored", held: false, drafted: true } });
    expect((await push(message)).body.outcome).toBe("duplicate");

    const admin = await signInAdmin();
    const member = await signUpUser("email-nosy");
    expect((await call("/api/v1/admin/email/threads", { token: member.token })).status).toBe(403);
    const list = await call("/api/v1/admin/email/threads?status=open", { token: admin });
    expect(list.body.items.find((i: { id: string }) => i.id === first.body.threadId)).toMatchObject({ hasDraft: true, contact: "maria@school.example" });
    const thread = await call(`/api/v1/admin/email/threads/${first.body.threadId}`, { token: admin });
    const draft = thread.body.drafts[0];
    expect(draft.status).toBe("pending");
    expect((await call(`/api/v1/admin/email/drafts/${draft.id}/send`, { method: "POST", token: admin })).status).toBe(409);
    expect((await call(`/api/v1/admin/email/drafts/${draft.id}`, { method: "PUT", token: admin, body: { body: "" } })).status).toBe(400);
    expect((await call(`/api/v1/admin/email/drafts/${draft.id}/approve`, { method: "POST", token: admin })).body.status).toBe("approved");
    expect((await call(`/api/v1/admin/email/drafts/${draft.id}/send`, { method: "POST", token: admin })).body.status).toBe("sent");
    expect((await call(`/api/v1/admin/email/drafts/${draft.id}/send`, { method: "POST", token: admin })).status).toBe(409);
    const after = await call(`/api/v1/admin/email/threads/${first.body.threadId}`, { token: admin });
    expect(after.body).toMatchObject({ status: "answered" });
    expect(after.body.messages.map((m: { direction: string }) => m.direction)).toEqual(["in", "out"]);
  });
});
