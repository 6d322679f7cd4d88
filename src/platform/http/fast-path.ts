import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextRequest } from "next/server";
import { securityHeaders } from "./security-headers";

type RouteHandler = (req: NextRequest, extra: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
export type RouteModule = { GET?: RouteHandler };

/**
 * Hot reads answered by the custom server with the route file's own handler, without a trip through
 * Next's router and handler wrapper: the same code, the same checks, one routing table (the route
 * files; this only says which of them take the short way). Only GET, only routes without params.
 */
export class FastReads {
  private readonly handlers = new Map<string, Promise<RouteHandler | undefined>>();
  private readonly headers: [string, string][];

  constructor(
    private readonly routes: Record<string, () => Promise<RouteModule>>,
    dev: boolean,
  ) {
    this.headers = securityHeaders(dev).map(({ key, value }) => [key, value]);
  }

  handles(method: string | undefined, path: string): boolean {
    return method === "GET" && Object.hasOwn(this.routes, path);
  }

  async answer(req: IncomingMessage, res: ServerResponse, origin: string): Promise<void> {
    const path = (req.url ?? "/").split("?")[0];
    let handler = this.handlers.get(path);
    if (!handler) this.handlers.set(path, (handler = this.routes[path]().then((m) => m.GET)));
    const get = await handler;
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
      else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    }
    // Loaded on first use: next/server needs the runtime Next sets up when the app is prepared.
    const { NextRequest: Request } = await import("next/server");
    const response = await get!(new Request(new URL(req.url ?? "/", origin), { headers }), { params: Promise.resolve({}) });
    const out: Record<string, string | string[]> = Object.fromEntries(this.headers);
    response.headers.forEach((value, name) => {
      out[name] = value;
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length) out["set-cookie"] = cookies;
    res.writeHead(response.status, out);
    res.end(Buffer.from(await response.arrayBuffer()));
  }
}
