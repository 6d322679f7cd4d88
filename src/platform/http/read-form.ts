import { DomainError } from "./errors";

const tooLarge = () => new DomainError("payload_too_large", "The upload is too large");

/**
 * Reads multipart form data, counting bytes as they stream in and stopping at `limit`, whatever the
 * request declares: the form is never built from more than `limit` bytes.
 */
export async function readForm(req: Request, limit: number): Promise<FormData> {
  if (Number(req.headers.get("content-length") ?? 0) > limit) throw tooLarge();
  if (!req.body) throw new DomainError("validation_failed", "Attach a file", { file: "Required" });
  let size = 0;
  const counted = req.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength;
        if (size > limit) controller.error(tooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
  try {
    return await new Response(counted, { headers: { "content-type": req.headers.get("content-type") ?? "" } }).formData();
  } catch {
    if (size > limit) throw tooLarge();
    throw new DomainError("validation_failed", "The form data could not be read", { file: "Unreadable" });
  }
}
