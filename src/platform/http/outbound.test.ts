import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchOutbound, isPublicAddress } from "./outbound";

let server: Server;
let port = 0;
const MP4 = Buffer.alloc(2048, 7);
const routes: Record<string, (res: ServerResponse) => void> = {
  "/video.mp4": (res) => res.writeHead(200, { "content-type": "video/mp4" }).end(MP4),
  "/page": (res) => res.writeHead(200, { "content-type": "text/html" }).end("<html>"),
  "/huge-declared": (res) => res.writeHead(200, { "content-type": "video/mp4", "content-length": "999999" }).end(),
  "/huge-chunked": (res) => {
    res.writeHead(200, { "content-type": "video/mp4" });
    for (let i = 0; i < 10; i++) res.write(Buffer.alloc(1024));
    res.end();
  },
  "/to-other-loopback": (res) => res.writeHead(302, { location: `http://127.0.0.2:${port}/video.mp4` }).end(),
  "/to-self": (res) => res.writeHead(302, { location: "/to-self" }).end(),
};

beforeAll(async () => {
  server = createServer((req, res) => (routes[req.url ?? ""] ?? ((r: ServerResponse) => r.writeHead(404).end()))(res));
  await new Promise<void>((r) => server.listen(0, "0.0.0.0", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const options = { maxBytes: 4096, contentTypes: ["video/mp4"], timeoutMs: 2000 };
// Stands in for "the public internet": only 127.0.0.1 may be reached.
const onlyFirstLoopback = { ...options, addressPolicy: (a: string) => a === "127.0.0.1" };
const url = (path: string, host = "127.0.0.1") => `http://${host}:${port}${path}`;

describe("outbound fetches of URLs someone else chose", () => {
  it("knows private, loopback, link-local and mapped addresses from public ones", () => {
    for (const a of ["127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "::", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "224.0.0.1"]) expect(isPublicAddress(a), a).toBe(false);
    for (const a of ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"]) expect(isPublicAddress(a), a).toBe(true);
  });

  it("refuses loopback by address and by name unless private addresses are allowed", async () => {
    await expect(fetchOutbound(url("/video.mp4"), options)).rejects.toThrow(/private or reserved/);
    await expect(fetchOutbound(url("/video.mp4", "localhost"), options)).rejects.toThrow(/private or reserved/);
    await expect(fetchOutbound(url("/video.mp4", "[::ffff:127.0.0.1]"), options)).rejects.toThrow(/private or reserved/);
    expect((await fetchOutbound(url("/video.mp4"), { ...options, allowPrivate: true })).bytes.equals(MP4)).toBe(true);
  });

  it("checks every redirect hop and stops after a few", async () => {
    expect((await fetchOutbound(url("/video.mp4"), onlyFirstLoopback)).contentType).toBe("video/mp4");
    await expect(fetchOutbound(url("/to-other-loopback"), onlyFirstLoopback)).rejects.toThrow(/127\.0\.0\.2 is a private or reserved address/);
    await expect(fetchOutbound(url("/to-self"), onlyFirstLoopback)).rejects.toThrow(/Too many redirects/);
    await expect(fetchOutbound("file:///etc/passwd", onlyFirstLoopback)).rejects.toThrow(/Only http and https/);
  });

  it("refuses a content type outside the list and a body over the limit, declared or not", async () => {
    await expect(fetchOutbound(url("/page"), onlyFirstLoopback)).rejects.toThrow(/text\/html is not accepted/);
    await expect(fetchOutbound(url("/huge-declared"), onlyFirstLoopback)).rejects.toThrow(/larger than 4096/);
    await expect(fetchOutbound(url("/huge-chunked"), onlyFirstLoopback)).rejects.toThrow(/larger than 4096/);
  });
});
