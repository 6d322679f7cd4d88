import { createServer, request, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withinBodyLimit } from "./body-limit";

const LIMIT = 64 * 1024;
let server: Server;
let port = 0;
/** What the handler behind the guard read, per request. */
const seen: number[] = [];

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const passed = await withinBodyLimit(req, LIMIT);
    if (!passed) return void res.writeHead(413, { connection: "close" }).end("too large");
    const body = await bodyOf(passed);
    seen.push(body.length);
    res.end(`read ${body.length}`);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** Streams `total` bytes in 8 KB chunks without a Content-Length (chunked), unless `declare` is set. */
function send(total: number, declare = false): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method: "POST", path: "/api/x", headers: declare ? { "content-length": String(total) } : {} });
    req.on("response", async (res) => resolve({ status: res.statusCode ?? 0, text: (await bodyOf(res)).toString() }));
    req.on("error", reject);
    let sent = 0;
    const pump = () => {
      while (sent < total) {
        const size = Math.min(8192, total - sent);
        sent += size;
        if (!req.write(Buffer.alloc(size, 120))) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

describe("withinBodyLimit", () => {
  it("a chunked body over the limit is 413 and no handler reads any of it", async () => {
    const before = seen.length;
    expect(await send(LIMIT * 4)).toEqual({ status: 413, text: "too large" });
    expect(seen.length).toBe(before);
  });

  it("a chunked body at the limit is replayed whole to the handler", async () => {
    expect(await send(LIMIT)).toEqual({ status: 200, text: `read ${LIMIT}` });
  });

  it("a declared Content-Length over the limit is refused before reading", async () => {
    expect((await send(LIMIT + 1, true)).status).toBe(413);
  });

  it("a declared body under the limit streams through", async () => {
    expect(await send(1000, true)).toEqual({ status: 200, text: "read 1000" });
  });
});
