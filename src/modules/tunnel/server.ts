import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { Actor } from "@/src/platform/auth/roles";
import type { Env } from "@/src/platform/config/env";
import type { Db } from "@/src/platform/db/client";
import { CLIENT_IP_HEADER } from "@/src/platform/http/client-ip";
import { DomainError, toErrorResponse } from "@/src/platform/http/errors";
import type { Logger } from "@/src/platform/log/logger";
import { authenticate } from "./authenticate";
import { subscribeDenial } from "./channels";
import { errorFrame } from "./envelope";
import type { Fanout } from "./fanout/fanout";
import { relayActorInvalidations } from "./actor-invalidation";
import { createFanout, setTunnelFanout } from "./fanout/select";
import { TunnelHub } from "./hub";
import { ClientOp, CLOSE, MAX_CHANNELS_PER_CONNECTION, TunnelSession } from "./session";

export const WS_PATH = "/api/tunnel/ws";
export const SSE_PATH = "/api/tunnel/sse";
const MAX_CLIENT_MESSAGE_BYTES = 4_096;

interface Limits {
  sendBufferBytes: number;
  perUser: number;
  perIp: number;
}

/**
 * Heartbeats go out to a hundredth of the connections at a time (every 250 ms by default), each
 * connection still once per period: 10,000 pings in one burst (and their 10,000 pongs) would hold
 * the event loop for half a second, and even a tenth at a time shows in the delivery p99.
 */
const HEARTBEAT_SLICES = 100;
let nextHeartbeatSlot = 0;
const heartbeatSlot = () => nextHeartbeatSlot++ % HEARTBEAT_SLICES;

/** The hub sends one frame to every subscriber in a row: encode it once, not once per socket. */
const lastEncoded: { text: string; bytes: Buffer } = { text: "", bytes: Buffer.alloc(0) };
function encoded(text: string): Buffer {
  if (lastEncoded.text !== text) {
    lastEncoded.text = text;
    lastEncoded.bytes = Buffer.from(text);
  }
  return lastEncoded.bytes;
}

class WsSession extends TunnelSession {
  alive = true;
  readonly slot = heartbeatSlot();
  constructor(actor: Actor, hub: TunnelHub, db: Db, maxBuffered: number, private readonly socket: WebSocket, private readonly raw: Duplex) {
    super(actor, hub, db, maxBuffered);
  }
  hold() {
    this.raw.cork();
  }
  flush() {
    this.raw.uncork();
  }
  protected unsent() {
    return this.socket.bufferedAmount;
  }
  protected write(_channel: string, _seq: number | null, frame: string) {
    this.socket.send(encoded(frame), { binary: false });
  }
  protected end(code: number, reason: string) {
    this.socket.close(code, reason);
    setTimeout(() => this.socket.terminate(), 2_000).unref();
  }
  heartbeat() {
    if (!this.alive) return this.close(CLOSE.heartbeatTimeout, "no pong");
    this.alive = false;
    this.socket.ping();
  }
}

/** SSE frames carry, as `id`, the cursor of every channel of the connection: `Last-Event-ID` resumes them all. */
export function encodeCursor(cursor: ReadonlyMap<string, number>): string {
  return new URLSearchParams([...cursor].map(([c, s]) => [c, String(s)])).toString();
}

export function decodeCursor(raw: string | null): Map<string, number> {
  const out = new Map<string, number>();
  if (!raw) return out;
  for (const [channel, value] of new URLSearchParams(raw)) {
    const seq = Number(value);
    if (Number.isSafeInteger(seq) && seq >= 0) out.set(channel, seq);
  }
  return out;
}

class SseSession extends TunnelSession {
  readonly slot = heartbeatSlot();
  private readonly cursor = new Map<string, number>();
  constructor(actor: Actor, hub: TunnelHub, db: Db, maxBuffered: number, private readonly res: ServerResponse) {
    super(actor, hub, db, maxBuffered);
  }
  protected unsent() {
    return this.res.writableLength;
  }
  protected write(channel: string, seq: number | null, frame: string) {
    if (seq === null) return void this.res.write(`data: ${frame}\n\n`);
    this.cursor.set(channel, seq);
    this.res.write(`id: ${encodeCursor(this.cursor)}\ndata: ${frame}\n\n`);
  }
  protected end(code: number, reason: string) {
    this.res.end(`event: close\ndata: ${JSON.stringify({ code, reason })}\n\n`);
  }
  hold() {
    this.res.cork();
  }
  flush() {
    this.res.uncork();
  }
  heartbeat() {
    this.res.write(": ping\n\n");
  }
}

export interface TunnelServer {
  readonly hub: TunnelHub;
  readonly fanout: Fanout;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  handleSse(req: IncomingMessage, res: ServerResponse): void;
  connections(): { ws: number; sse: number };
  stop(): Promise<void>;
}

function rejectUpgrade(socket: Duplex, error: unknown) {
  const { status, body } = toErrorResponse(error);
  const text = JSON.stringify(body);
  socket.end(`HTTP/1.1 ${status} ${status === 401 ? "Unauthorized" : status === 429 ? "Too Many Requests" : "Error"}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`);
}

function respondError(res: ServerResponse, error: unknown) {
  const { status, body, headers } = toErrorResponse(error);
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** Hosts both transports in the custom server, with one hub and one fan-out for the process. */
export async function startTunnel(options: { db: Db; env: Env; log: Logger; secret: string; fanout?: Fanout }): Promise<TunnelServer> {
  const { db, env: e, log, secret } = options;
  const limits: Limits = { sendBufferBytes: e.TUNNEL_SEND_BUFFER_BYTES, perUser: e.TUNNEL_MAX_CONNECTIONS_PER_USER, perIp: e.TUNNEL_MAX_CONNECTIONS_PER_IP };
  const fanout = options.fanout ?? (await createFanout(e, log));
  setTunnelFanout(fanout);
  const hub = new TunnelHub(db, log);
  fanout.onSignals((signals) => hub.signal(signals));
  const stopRelay = relayActorInvalidations(fanout);
  const wss = new WebSocketServer({ noServer: true, clientTracking: false, perMessageDeflate: false, maxPayload: MAX_CLIENT_MESSAGE_BYTES });
  const wsSessions = new Set<WsSession>();
  const sseSessions = new Set<SseSession>();
  const open = new Map<string, number>();

  const keysOf = (actor: Actor, req: IncomingMessage) => [`ip:${req.headers[CLIENT_IP_HEADER] ?? req.socket.remoteAddress}`, ...(actor.kind === "user" ? [`user:${actor.userId}`] : [])];
  const admit = (actor: Actor, req: IncomingMessage): (() => void) => {
    const keys = keysOf(actor, req);
    for (const key of keys) {
      const max = key.startsWith("user:") ? limits.perUser : limits.perIp;
      if ((open.get(key) ?? 0) >= max) throw new DomainError("rate_limited", `Too many tunnel connections (at most ${max})`);
    }
    for (const key of keys) open.set(key, (open.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const key of keys) {
        const n = (open.get(key) ?? 1) - 1;
        if (n <= 0) open.delete(key);
        else open.set(key, n);
      }
    };
  };

  const sweep = setInterval(() => void hub.sweep().catch((err) => log.warn({ err: String(err) }, "tunnel sweep failed")), e.TUNNEL_SWEEP_MS);
  let slice = 0;
  const heartbeat = setInterval(() => {
    for (const s of wsSessions) if (s.slot === slice) s.heartbeat();
    for (const s of sseSessions) if (s.slot === slice) s.heartbeat();
    slice = (slice + 1) % HEARTBEAT_SLICES;
  }, e.TUNNEL_HEARTBEAT_MS / HEARTBEAT_SLICES);

  return {
    hub,
    fanout,
    connections: () => ({ ws: wsSessions.size, sse: sseSessions.size }),

    handleUpgrade(req, socket, head) {
      const url = new URL(req.url ?? "/", "http://local");
      socket.on("error", () => socket.destroy());
      void (async () => {
        let release: () => void;
        let actor: Actor;
        try {
          actor = await authenticate(db, req, url, secret);
          release = admit(actor, req);
        } catch (error) {
          return rejectUpgrade(socket, error);
        }
        wss.handleUpgrade(req, socket, head, (ws) => {
          const session = new WsSession(actor, hub, db, limits.sendBufferBytes, ws, socket);
          wsSessions.add(session);
          ws.on("pong", () => (session.alive = true));
          ws.on("message", (raw, isBinary) => {
            session.alive = true;
            let parsed: ReturnType<typeof ClientOp.safeParse> | null = null;
            try {
              parsed = isBinary ? null : ClientOp.safeParse(JSON.parse(raw.toString()));
            } catch {
              parsed = null;
            }
            if (!parsed?.success) {
              return session.send("", null, errorFrame(null, "bad_request", 'Send JSON like {"op":"subscribe","channel":"discovery:opportunities","since":12}'));
            }
            session.handle(parsed.data);
          });
          ws.on("close", () => {
            session.close(CLOSE.shuttingDown, "closed");
            wsSessions.delete(session);
            release();
          });
          ws.on("error", () => ws.terminate());
          void session.open();
        });
      })();
    },

    handleSse(req, res) {
      const url = new URL(req.url ?? "/", "http://local");
      void (async () => {
        const channels = [...new Set((url.searchParams.get("channels") ?? "").split(",").map((c) => c.trim()).filter(Boolean))];
        let actor: Actor;
        let release: () => void;
        try {
          if (req.method !== "GET") throw new DomainError("bad_request", "Use GET");
          if (channels.length === 0) throw new DomainError("validation_failed", "Name the channels: ?channels=discovery:opportunities,user:<id>", { channels: "Required" });
          if (channels.length > MAX_CHANNELS_PER_CONNECTION) throw new DomainError("validation_failed", `At most ${MAX_CHANNELS_PER_CONNECTION} channels`, { channels: "Too many" });
          actor = await authenticate(db, req, url, secret);
          const denials = channels.map((c) => subscribeDenial(actor, c));
          if (denials.every(Boolean)) {
            const first = denials[0]!;
            throw new DomainError(first.code === "unknown_channel" ? "not_found" : first.code, first.message);
          }
          release = admit(actor, req);
        } catch (error) {
          return respondError(res, error);
        }
        res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" });
        res.write("retry: 3000\n\n");
        const session = new SseSession(actor, hub, db, limits.sendBufferBytes, res);
        sseSessions.add(session);
        req.on("close", () => {
          session.close(CLOSE.shuttingDown, "closed");
          sseSessions.delete(session);
          release();
        });
        await session.open();
        const cursor = decodeCursor((req.headers["last-event-id"] as string | undefined) ?? url.searchParams.get("lastEventId"));
        for (const channel of channels) session.subscribe(channel, cursor.get(channel) ?? null);
      })();
    },

    async stop() {
      clearInterval(sweep);
      clearInterval(heartbeat);
      for (const s of [...wsSessions, ...sseSessions]) s.close(CLOSE.shuttingDown, "server shutting down");
      await hub.stop();
      setTunnelFanout(undefined);
      stopRelay();
      await fanout.close();
    },
  };
}
