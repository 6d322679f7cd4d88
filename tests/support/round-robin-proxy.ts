import { createServer, request, type Server } from "node:http";
import { connect } from "node:net";
import type { AddressInfo } from "node:net";

export interface RoundRobinProxy {
  baseUrl: string;
  /** Which backend (its index) served each request, in order: `[method path, index]`. */
  served: [string, number][];
  close(): Promise<void>;
}

/** A load balancer in a few lines: requests and WebSocket upgrades go to the backends in turn. */
export async function startRoundRobinProxy(backends: string[]): Promise<RoundRobinProxy> {
  let next = 0;
  const served: [string, number][] = [];
  const pick = (what: string) => {
    const index = next++ % backends.length;
    served.push([what, index]);
    return new URL(backends[index]);
  };
  const server: Server = createServer((req, res) => {
    const target = pick(`${req.method} ${req.url}`);
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on("upgrade", (req, socket, head) => {
    const target = pick(`UPGRADE ${req.url}`);
    const upstream = connect(Number(target.port), target.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`, ...Object.entries(req.headers).map(([k, v]) => `${k}: ${k === "host" ? target.host : v}`), "", ""];
      upstream.write(lines.join("\r\n"));
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
