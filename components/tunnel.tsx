"use client";

import { createContext, useContext, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from "react";

export interface TunnelFrame {
  id: number | null;
  channel: string | null;
  type: string;
  data: Record<string, unknown>;
  ts: string;
}

type Listener = (frame: TunnelFrame) => void;
export type TunnelStatus = "connecting" | "open" | "offline";

/**
 * One WebSocket per tab, shared by every component that listens. It reconnects with capped
 * exponential backoff plus jitter and resubscribes each channel from the last id it saw, so a
 * dropped connection loses nothing (or gets a `reset` frame when the gap is too old).
 */
class TunnelConnection {
  private socket: WebSocket | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly lastSeen = new Map<string, number>();
  private readonly statusListeners = new Set<(s: TunnelStatus) => void>();
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  status: TunnelStatus = "connecting";

  constructor(private readonly url: string) {}

  start() {
    this.stopped = false;
    if (!this.socket || this.socket.readyState === WebSocket.CLOSED || this.socket.readyState === WebSocket.CLOSING) this.connect();
  }

  listen(channel: string, listener: Listener): () => void {
    const set = this.listeners.get(channel) ?? new Set();
    const first = set.size === 0;
    set.add(listener);
    this.listeners.set(channel, set);
    if (first) this.sendSubscribe(channel);
    return () => {
      set.delete(listener);
      if (set.size === 0) {
        this.listeners.delete(channel);
        this.lastSeen.delete(channel);
        this.send({ op: "unsubscribe", channel });
      }
    };
  }

  onStatus(listener: (s: TunnelStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  close() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.socket?.close();
    this.socket = null;
  }

  private setStatus(status: TunnelStatus) {
    this.status = status;
    for (const l of this.statusListeners) l(status);
  }

  private connect() {
    if (this.stopped) return;
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.setStatus("open");
      for (const channel of this.listeners.keys()) this.sendSubscribe(channel);
    };
    socket.onmessage = (event) => {
      const frame = JSON.parse(String(event.data)) as TunnelFrame;
      if (!frame.channel) return;
      if (frame.id !== null) this.lastSeen.set(frame.channel, frame.id);
      if (frame.type === "reset" && typeof frame.data.head === "number") this.lastSeen.set(frame.channel, frame.data.head);
      for (const l of this.listeners.get(frame.channel) ?? []) l(frame);
    };
    socket.onclose = () => {
      if (this.socket !== socket || this.stopped) return;
      this.setStatus("offline");
      const delay = Math.min(30_000, 500 * 2 ** this.attempt++) * (0.5 + Math.random() / 2);
      this.timer = setTimeout(() => this.connect(), delay);
    };
  }

  private sendSubscribe(channel: string) {
    const since = this.lastSeen.get(channel);
    this.send({ op: "subscribe", channel, ...(since === undefined ? {} : { since }) });
  }

  private send(op: Record<string, unknown>) {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(op));
  }
}

const TunnelContext = createContext<TunnelConnection | null>(null);

export function TunnelProvider({ children }: { children: ReactNode }) {
  const [connection] = useState(() =>
    typeof window === "undefined" ? null : new TunnelConnection(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/tunnel/ws`),
  );
  useEffect(() => {
    connection?.start();
    return () => connection?.close();
  }, [connection]);
  return <TunnelContext.Provider value={connection}>{children}</TunnelContext.Provider>;
}

/** Calls `onFrame` for every frame of `channel` (domain messages, `reset`, `error`) while mounted. */
export function useTunnel(channel: string | null, onFrame: Listener): void {
  const connection = useContext(TunnelContext);
  const handler = useRef(onFrame);
  useEffect(() => {
    handler.current = onFrame;
  });
  useEffect(() => {
    if (!connection || !channel) return;
    return connection.listen(channel, (frame) => handler.current(frame));
  }, [connection, channel]);
}

export function useTunnelStatus(): TunnelStatus | null {
  const connection = useContext(TunnelContext);
  return useSyncExternalStore(
    (onChange) => connection?.onStatus(onChange) ?? (() => undefined),
    () => connection?.status ?? null,
    () => null,
  );
}
