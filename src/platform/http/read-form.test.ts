import { describe, expect, it } from "vitest";
import { DomainError } from "./errors";
import { readForm } from "./read-form";

/** A multipart request whose body streams in 16 KB pieces with no Content-Length. */
function streamedForm(fileBytes: number): Request {
  const form = new FormData();
  form.set("purpose", "logo");
  form.set("file", new Blob([new Uint8Array(fileBytes)]), "big.bin");
  const encoded = new Response(form);
  const type = encoded.headers.get("content-type")!;
  return new Request("http://ring.test/api/v1/files", { method: "POST", body: encoded.body, headers: { "content-type": type }, duplex: "half" } as RequestInit);
}

describe("readForm", () => {
  it("a form past the limit is payload_too_large, whatever the request declared", async () => {
    const error = await readForm(streamedForm(300_000), 100_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("payload_too_large");
  });

  it("a form under the limit is read whole", async () => {
    const form = await readForm(streamedForm(50_000), 100_000);
    expect(form.get("purpose")).toBe("logo");
    expect(((form.get("file") as File).size)).toBe(50_000);
  });

  it("a body that is not multipart is validation_failed", async () => {
    const req = new Request("http://ring.test/api/v1/files", { method: "POST", body: "--x\r\n\r\nhello", headers: { "content-type": "multipart/form-data" } });
    expect(((await readForm(req, 100_000).catch((e: unknown) => e)) as DomainError).code).toBe("validation_failed");
  });
});
