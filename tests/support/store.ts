import { call, randomIp } from "./http";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

/** An organisation owned by `ownerToken`'s user, taken through verification by the admin over the API. */
export async function verifiedOrganisation(baseUrl: string, ownerToken: string, adminToken: string, name: string): Promise<{ id: string; name: string }> {
  const org = await call("/api/v1/entities", { baseUrl, token: ownerToken, body: { name, type: "other", description: "Sells in the store" } });
  if (org.status !== 201) throw new Error(`entity: ${org.status} ${JSON.stringify(org.body)}`);
  const opened = await call(`/api/v1/entities/${org.body.id}/verification`, { baseUrl, method: "POST", token: ownerToken });
  for (const item of opened.body.items as { kind: string }[]) {
    const form = new FormData();
    form.set("purpose", "verification");
    form.set("file", new Blob([new Uint8Array(PDF)], { type: "application/pdf" }), "document.pdf");
    const file = await (await fetch(`${baseUrl}/api/v1/files`, { method: "POST", headers: { authorization: `Bearer ${ownerToken}`, "x-forwarded-for": randomIp() }, body: form })).json();
    await call(`/api/v1/verifications/${opened.body.id}/items/${item.kind}`, { baseUrl, method: "PUT", token: ownerToken, body: { fileId: file.id } });
  }
  await call(`/api/v1/verifications/${opened.body.id}/submit`, { baseUrl, method: "POST", token: ownerToken });
  await call(`/api/v1/admin/verifications/${opened.body.id}/claim`, { baseUrl, method: "POST", token: adminToken });
  const decided = await call(`/api/v1/admin/verifications/${opened.body.id}/decision`, { baseUrl, token: adminToken, body: { decision: "approve", note: "In order" } });
  if (decided.body.status !== "approved") throw new Error(`verification: ${JSON.stringify(decided.body)}`);
  return { id: org.body.id, name };
}
