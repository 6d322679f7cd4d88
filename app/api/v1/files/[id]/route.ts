import { requestContext, route } from "@/src/platform/http/route";
import { readUpload } from "@/src/platform/storage/service";

export const GET = route(async (req, { params }) => {
  const { id } = (await params) as { id: string };
  const file = await readUpload(await requestContext(req), id);
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      "content-type": file.contentType,
      "content-disposition": "inline",
      "x-content-type-options": "nosniff",
      "cache-control": file.public ? "public, max-age=86400, immutable" : "private, no-store",
    },
  });
});
