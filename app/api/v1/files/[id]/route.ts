import { readServedFile } from "@/src/modules/file-audiences";
import { requestContext, route } from "@/src/platform/http/route";

export const GET = route(async (req, { params }) => {
  const { id } = (await params) as { id: string };
  const file = await readServedFile(await requestContext(req), id);
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      "content-type": file.contentType,
      "content-disposition": "inline",
      "x-content-type-options": "nosniff",
      // Files that follow an organisation's visibility must stop being served when it is hidden: no shared or long cache.
      "cache-control": file.cacheable ? "public, max-age=86400, immutable" : file.public ? "private, max-age=300" : "private, no-store",
    },
  });
});
