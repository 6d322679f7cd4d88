import { describe, expect, inject, it } from "vitest";
import { call, randomIp, signInAdmin, signUpUser, userWithRole } from "../support/http";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const HTML_AS_PDF = Buffer.from("<!doctype html><script>alert(1)</script>");

async function upload(token: string, bytes: Buffer, name = "document.pdf") {
  const form = new FormData();
  form.set("purpose", "verification");
  form.set("file", new Blob([new Uint8Array(bytes)], { type: "application/pdf" }), name);
  const res = await fetch(`${inject("baseUrl")}/api/v1/files`, { method: "POST", headers: { authorization: `Bearer ${token}`, "x-forwarded-for": randomIp() }, body: form });
  return { status: res.status, body: await res.json() };
}

async function ownerWithOrganisation(prefix: string) {
  const owner = await userWithRole("member", prefix);
  const org = await call("/api/v1/entities", { token: owner.token, body: { name: `${prefix} ${Date.now()}`, type: "other", description: "Wants the badge" } });
  expect(org.status).toBe(201);
  return { owner, org: org.body as { id: string; name: string } };
}

/** Opens a procedure and attaches a PDF to every required item. */
async function readyProcedure(prefix: string) {
  const { owner, org } = await ownerWithOrganisation(prefix);
  const opened = await call(`/api/v1/entities/${org.id}/verification`, { method: "POST", token: owner.token });
  expect(opened.status).toBe(201);
  for (const item of opened.body.items as { kind: string }[]) {
    const file = await upload(owner.token, PDF);
    expect(file.status).toBe(201);
    expect((await call(`/api/v1/verifications/${opened.body.id}/items/${item.kind}`, { method: "PUT", token: owner.token, body: { fileId: file.body.id } })).status).toBe(200);
  }
  return { owner, org, procedure: opened.body as { id: string; number: string; items: { kind: string }[] } };
}

const decide = async (id: string, body: unknown, token?: string) => call(`/api/v1/admin/verifications/${id}/decision`, { token: token ?? (await signInAdmin()), body });

describe("entity verification", () => {
  it("numbers procedures VRF-YYYY-NNNNNN, one open procedure per organisation, owner only", async () => {
    const { owner, org } = await ownerWithOrganisation("vrf-number");
    const stranger = await signUpUser("vrf-stranger");
    expect((await call(`/api/v1/entities/${org.id}/verification`, { method: "POST", token: stranger.token })).status).toBe(404);
    const first = await call(`/api/v1/entities/${org.id}/verification`, { method: "POST", token: owner.token });
    expect(first.status).toBe(201);
    expect(first.body.number).toMatch(new RegExp(`^VRF-${new Date().getUTCFullYear()}-\\d{6}$`));
    expect(first.body.items.map((i: { kind: string; status: string }) => [i.kind, i.status])).toEqual([
      ["registration_certificate", "missing"],
      ["representative_id", "missing"],
    ]);
    const again = await call(`/api/v1/entities/${org.id}/verification`, { method: "POST", token: owner.token });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect((await call(`/api/v1/verifications/${first.body.id}/submit`, { method: "POST", token: owner.token })).status).toBe(400);
  });

  it("numbers never repeat when many organisations ask at once", async () => {
    const owners = await Promise.all([1, 2, 3, 4, 5].map((i) => ownerWithOrganisation(`vrf-race-${i}`)));
    const opened = await Promise.all(owners.map(({ owner, org }) => call(`/api/v1/entities/${org.id}/verification`, { method: "POST", token: owner.token })));
    const numbers = opened.map((o) => o.body.number);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it("refuses a file whose content is not PDF/PNG/JPEG whatever its name, and serves documents only to the owner and admins", async () => {
    const { owner } = await ownerWithOrganisation("vrf-files");
    const spoofed = await upload(owner.token, HTML_AS_PDF, "certificate.pdf");
    expect(spoofed.status).toBe(415);
    const good = await upload(owner.token, PDF);
    expect(good.status).toBe(201);
    const other = await signUpUser("vrf-peek");
    expect((await call(`/api/v1/files/${good.body.id}`, { token: other.token })).status).toBe(404);
    expect((await call(`/api/v1/files/${good.body.id}`)).status).toBe(404);
    expect((await call(`/api/v1/files/${good.body.id}`, { token: owner.token })).status).toBe(200);
    expect((await call(`/api/v1/files/${good.body.id}`, { token: await signInAdmin() })).status).toBe(200);
  });

  it("claim -> request changes -> resubmit -> approve sets the badge; revoke removes it; the owner hears each decision", async () => {
    const { owner, org, procedure } = await readyProcedure("vrf-flow");
    expect((await call(`/api/v1/verifications/${procedure.id}/submit`, { method: "POST", token: owner.token })).body.status).toBe("submitted");
    const queue = await call("/api/v1/admin/verifications", { token: await signInAdmin() });
    expect(queue.body.items.some((i: { id: string }) => i.id === procedure.id)).toBe(true);
    expect((await decide(procedure.id, { decision: "approve", note: "too early" })).status).toBe(409);
    const admin = await signInAdmin();
    expect((await call(`/api/v1/admin/verifications/${procedure.id}/claim`, { method: "POST", token: admin })).body.status).toBe("under_review");

    const kind = procedure.items[0].kind;
    expect((await call(`/api/v1/admin/verifications/${procedure.id}/items/${kind}`, { token: admin, body: { decision: "reject" } })).status).toBe(400);
    expect((await call(`/api/v1/admin/verifications/${procedure.id}/items/${kind}`, { token: admin, body: { decision: "reject", reason: "Blurry scan" } })).status).toBe(200);
    expect((await decide(procedure.id, { decision: "request_changes", note: "Please rescan the certificate" })).body.status).toBe("changes_requested");

    const file = await upload(owner.token, PDF);
    expect((await call(`/api/v1/verifications/${procedure.id}/items/${kind}`, { method: "PUT", token: owner.token, body: { fileId: file.body.id } })).status).toBe(200);
    expect((await call(`/api/v1/verifications/${procedure.id}/submit`, { method: "POST", token: owner.token })).status).toBe(200);
    await call(`/api/v1/admin/verifications/${procedure.id}/claim`, { method: "POST", token: admin });
    const approved = await decide(procedure.id, { decision: "approve", note: "All documents in order" });
    expect(approved.body.status).toBe("approved");
    expect(approved.body.items.every((i: { status: string }) => i.status === "accepted")).toBe(true);
    expect(approved.body.history.map((h: { to: string }) => h.to)).toEqual(["draft", "submitted", "under_review", "changes_requested", "submitted", "under_review", "approved"]);
    expect((await call(`/api/v1/entities/${org.id}`)).body.verified).toBe(true);
    const verifiedOnly = await call(`/api/v1/entities?verified=true&limit=100&q=${encodeURIComponent("vrf-flow")}`);
    expect(verifiedOnly.body.items.map((e: { id: string }) => e.id)).toContain(org.id);
    expect((await call(`/api/v1/entities/${org.id}/verification`, { method: "POST", token: owner.token })).status).toBe(409);

    expect((await decide(procedure.id, { decision: "revoke", note: "Licence withdrawn" })).body.status).toBe("revoked");
    expect((await call(`/api/v1/entities/${org.id}`)).body.verified).toBe(false);
    const notes = (await call("/api/v1/me/notifications?limit=50", { token: owner.token })).body.items.filter((n: { type: string }) => n.type === "verification_decided");
    expect(notes.map((n: { title: string }) => n.title).join(" | ")).toMatch(/changes requested.*|approved|revoked/);
    expect(notes.length).toBe(3);
  });

  it("a second admin cannot claim or decide, and of two concurrent decisions one wins", async () => {
    const { owner, procedure } = await readyProcedure("vrf-race");
    await call(`/api/v1/verifications/${procedure.id}/submit`, { method: "POST", token: owner.token });
    const admin = await signInAdmin();
    const second = await userWithRole("admin", "vrf-admin2");
    const claims = await Promise.all([admin, second.token].map((token) => call(`/api/v1/admin/verifications/${procedure.id}/claim`, { method: "POST", token })));
    expect(claims.map((c) => c.status).sort()).toEqual([200, 409]);
    const [winner, loser] = claims[0].status === 200 ? [admin, second.token] : [second.token, admin];
    expect((await decide(procedure.id, { decision: "approve", note: "not mine" }, loser)).status).toBe(409);
    const [a, b] = await Promise.all([decide(procedure.id, { decision: "approve", note: "one" }, winner), decide(procedure.id, { decision: "reject", note: "two" }, winner)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
  });
});
