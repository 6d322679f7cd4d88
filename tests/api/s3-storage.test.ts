import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeS3, type FakeS3 } from "../support/fake-s3";
import { startServer, type StartedServer } from "../support/global-server";
import { randomIp, uniqueEmail } from "../support/http";

/**
 * Uploads through a running app with S3_* set go to the S3-compatible server, never to DATA_DIR,
 * and private files still come back only to their owner. Storage does not depend on the database,
 * so this runs once (in the PGlite API project), not again against PostgreSQL.
 */
let fake: FakeS3;
let server: StartedServer;
const runHere = process.env.RINGLET_API_DB !== "postgres";

beforeAll(async () => {
  if (!runHere) return;
  fake = await startFakeS3();
  // A closed ring (AUTH_REQUIRE_EMAIL_VERIFICATION off): this file is not about sign-up, which tests/api/auth.test.ts covers.
  server = await startServer({ SEED_DEMO: "false", AUTH_REQUIRE_EMAIL_VERIFICATION: "false", S3_BUCKET: "ringlet-files", S3_ENDPOINT: fake.endpoint, S3_FORCE_PATH_STYLE: "true", S3_ACCESS_KEY_ID: "AKIDTEST", S3_SECRET_ACCESS_KEY: "secret" });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

describe.runIf(runHere)("uploads on S3-compatible storage", () => {
  it("stores a private verification document in the bucket and serves it only to its owner", async () => {
    const signUp = async (prefix: string) =>
      (await (await fetch(`${server.baseUrl}/api/v1/auth/sign-up`, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": randomIp() }, body: JSON.stringify({ email: uniqueEmail(prefix), password: "correct-horse-1", name: prefix }) })).json()).token as string;
    const owner = await signUp("s3-owner");
    const other = await signUp("s3-other");
    const form = new FormData();
    form.set("purpose", "verification");
    form.set("file", new Blob([new Uint8Array(Buffer.from("%PDF-1.4 stored in the bucket"))], { type: "application/pdf" }), "doc.pdf");
    const uploaded = await fetch(`${server.baseUrl}/api/v1/files`, { method: "POST", headers: { authorization: `Bearer ${owner}`, "x-forwarded-for": randomIp() }, body: form });
    expect(uploaded.status).toBe(201);
    const { id } = (await uploaded.json()) as { id: string };
    expect(fake.objects.has(`/ringlet-files/uploads/${id}`)).toBe(true);
    const mine = await fetch(`${server.baseUrl}/api/v1/files/${id}`, { headers: { authorization: `Bearer ${owner}`, "x-forwarded-for": randomIp() } });
    expect(mine.status).toBe(200);
    expect(Buffer.from(await mine.arrayBuffer()).toString()).toBe("%PDF-1.4 stored in the bucket");
    expect((await fetch(`${server.baseUrl}/api/v1/files/${id}`, { headers: { authorization: `Bearer ${other}`, "x-forwarded-for": randomIp() } })).status).toBe(404);
  }, 60_000);
});
