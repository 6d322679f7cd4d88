import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeS3, type FakeS3 } from "@/tests/support/fake-s3";
import { s3BlobStore } from "./s3";

let fake: FakeS3;
beforeAll(async () => {
  fake = await startFakeS3();
});
afterAll(async () => fake.close());

describe("S3 blob store against an S3-compatible server on 127.0.0.1", () => {
  it("puts, gets and removes private objects under the prefix, signing every request", async () => {
    const store = s3BlobStore({ bucket: "ringlet-test", region: "us-east-1", endpoint: fake.endpoint, accessKeyId: "AKIDTEST", secretAccessKey: "secret", forcePathStyle: true, prefix: "uploads/" });
    const id = randomUUID();
    const bytes = Buffer.from("%PDF-1.4 some document");
    await store.put(id, bytes);
    expect(fake.objects.get(`/ringlet-test/uploads/${id}`)).toEqual(bytes);
    expect(await store.get(id)).toEqual(bytes);
    expect(await store.get(randomUUID())).toBeNull();
    await store.remove(id);
    expect(await store.get(id)).toBeNull();
    expect(fake.authorizations.every((a) => a.startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/"))).toBe(true);
    await expect(store.put("../../etc/passwd", bytes)).rejects.toThrow("invalid storage key");
  });
});
