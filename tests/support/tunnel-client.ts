import WebSocket from "ws";
import { randomIp } from "./http";

export interface Frame {
  id: number | null;
  channel: string | null;
  type: string;
  data: any;
  ts: string;
}

/** A WebSocket tunnel client for tests: records every frame and waits for the ones it needs. */
export class TunnelClient {
  readonly frames: Frame[] = [];
  closeCode: number | null = null;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (raw) => {
      this.frames.push(JSON.parse(raw.toString()) as Frame);
      this.wake();
    });
    socket.on("close", (code) => {
      this.closeCode = code;
      this.wake();
    });
  }

  static async connect(baseUrl: string, options: { token?: string; ticket?: string; ip?: string } = {}): Promise<TunnelClient> {
    const url = new URL("/api/tunnel/ws", baseUrl.replace(/^http/, "ws"));
    if (options.ticket) url.searchParams.set("ticket", options.ticket);
    const headers: Record<string, string> = { "x-forwarded-for": options.ip ?? randomIp() };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const socket = new WebSocket(url, { headers });
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      socket.once("error", reject);
    });
    return new TunnelClient(socket);
  }

  send(op: unknown) {
    this.socket.send(typeof op === "string" ? op : JSON.stringify(op));
  }

  async subscribe(channel: string, since?: number): Promise<Frame> {
    const before = this.frames.length;
    this.send({ op: "subscribe", channel, ...(since === undefined ? {} : { since }) });
    return this.waitFor((f) => f.channel === channel && (f.type === "subscribed" || f.type === "error"), before);
  }

  messages(channel: string): Frame[] {
    return this.frames.filter((f) => f.channel === channel && f.id !== null);
  }

  /** The first frame (from index `from`) matching, or a timeout error listing what did arrive. */
  async waitFor(match: (f: Frame) => boolean, from = 0, timeoutMs = 10_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.slice(from).find(match);
      if (found) return found;
      if (this.closeCode !== null) throw new Error(`tunnel closed (${this.closeCode}); frames: ${JSON.stringify(this.frames)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching frame in ${timeoutMs} ms; frames: ${JSON.stringify(this.frames).slice(0, 2000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close() {
    this.socket.close();
  }

  private wake() {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }
}
