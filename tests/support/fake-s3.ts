import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeS3 {
  endpoint: string;
  objects: Map<string, Buffer>;
  authorizations: string[];
  close(): Promise<void>;
}

function decodeAwsChunked(body: Buffer): Buffer {
  // aws-chunked: "<hex-size>[;chunk-signature=...]\r\n<data>\r\n ... 0\r\n<trailers>\r\n\r\n"
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf("\r\n", at);
    if (lineEnd < 0) break;
    const size = parseInt(body.subarray(at, lineEnd).toString().split(";")[0], 16);
    if (!size) break;
    out.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(out);
}

/** A path-style S3 endpoint on 127.0.0.1 (PUT, GET, DELETE object) that records the SigV4 headers it got. */
export async function startFakeS3(): Promise<FakeS3> {
  const objects = new Map<string, Buffer>();
  const authorizations: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: Buffer = Buffer.concat(chunks);
    authorizations.push(String(req.headers.authorization ?? ""));
    const key = decodeURIComponent((req.url ?? "").split("?")[0]);
    if (req.method === "PUT") {
      if (String(req.headers["content-encoding"] ?? "").includes("aws-chunked") || String(req.headers["x-amz-content-sha256"] ?? "").startsWith("STREAMING")) body = decodeAwsChunked(body);
      objects.set(key, body);
      res.writeHead(200, { etag: '"fake"' });
      return res.end();
    }
    if (req.method === "GET") {
      const found = objects.get(key);
      if (!found) {
        res.writeHead(404, { "content-type": "application/xml" });
        return res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>${key}</Key></Error>`);
      }
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": found.length });
      return res.end(found);
    }
    if (req.method === "DELETE") {
      objects.delete(key);
      res.writeHead(204);
      return res.end();
    }
    res.writeHead(405);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    objects,
    authorizations,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
