import { z } from "zod";
import { DomainError } from "@/src/platform/http/errors";
import { MAX_UPLOAD_BYTES } from "@/src/platform/http/limits";
import { readForm } from "@/src/platform/http/read-form";
import { json, requireRole, route } from "@/src/platform/http/route";
import { storeUpload, USER_UPLOAD_PURPOSES } from "@/src/platform/storage/service";

const Purpose = z.enum(USER_UPLOAD_PURPOSES);

/** multipart/form-data with `file` and `purpose`; the type is checked by content, not by name. */
export const POST = route(async (req) => {
  const ctx = await requireRole(req, "subscriber");
  if (!req.headers.get("content-type")?.startsWith("multipart/form-data"))
    throw new DomainError("unsupported_media_type", "Send multipart/form-data with a `file` field");
  const form = await readForm(req, MAX_UPLOAD_BYTES);
  const file = form.get("file");
  if (!(file instanceof File)) throw new DomainError("validation_failed", "Attach a file", { file: "Required" });
  const purpose = Purpose.parse(form.get("purpose") ?? "logo");
  return json(await storeUpload(ctx, purpose, Buffer.from(await file.arrayBuffer()), file.name || null), 201);
});
