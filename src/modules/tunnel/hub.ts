import { sql } from "drizzle-orm";
import type { Viewable } from "@/src/platform/access/visibility";
import type { Actor } from "@/src/platform/auth/roles";
import { queryRows, type Db } from "@/src/platform/db/client";
import type { Logger } from "@/src/platform/log/logger";
import type { TunnelSignal } from "./append";
import { mayReceive, userChannel } from "./channels";
import { CONTROL, controlFrame } from "./envelope";

/** A subscriber as the hub sees it; the transport (WebSocket or SSE) decides how bytes go out. */
export interface TunnelConnection {
  readonly actor: Actor;
  readonly closed: boolean;
  /** One frame for one channel; `seq` is set for domain messages. */
  send(channel: string, seq: number | null, frame: string): void;
  /** The member's role or blocks changed: reload who they are before the next message. */
  refreshActor(): Promise<void>;
  /** Frames sent between `hold` and `flush` leave in one write (a transport may do nothing). */
  hold?(): void;
  flush?(): void;
}

/** Account changes sent on a user channel make every connection of that user reload its actor. */
export const ACCOUNT_UPDATED = "account.updated";

/** A reconnect further behind than this gets `reset` (refetch) instead of a replay. */
export const MAX_REPLAY = 1_000;

/**
 * A fan-out to many connections lets the event loop run every this many subscribers (about 10 ms of
 * socket writes on a small machine), so HTTP requests, heartbeats and other channels' messages are
 * not held up for the whole broadcast. Subscriptions added meanwhile wait for the next pass; closed
 * connections are skipped.
 */
const YIELD_EVERY = 1_000;
/** At most this many frames wait in one corked write, so a long replay never looks like a slow consumer. */
const WRITE_BATCH = 32;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Subscription {
  lastSeq: number;
  /** Hidden subscriptions (a member's own channel, watched for account changes) send nothing. */
  visible: boolean;
}

interface ChannelState {
  head: number;
  subs: Map<TunnelConnection, Subscription>;
}

interface PendingSubscribe {
  conn: TunnelConnection;
  channel: string;
  since: number | null;
  visible: boolean;
}

interface Row {
  channel: string;
  seq: string | number;
  type: string;
  data: unknown;
  access: Viewable | null;
  created_at: Date | string;
}

interface Message {
  seq: number;
  type: string;
  access: Viewable | null;
  frame: string;
}

/**
 * The per-process tunnel: who listens to what, and the single ordered loop that turns fan-out
 * signals and (re)subscriptions into frames. Work is batched: one query reads the bodies for
 * every channel that moved, whatever the number of signals.
 */
export class TunnelHub {
  private readonly channels = new Map<string, ChannelState>();
  private pendingSignals = new Map<string, number>();
  private pendingSubs: PendingSubscribe[] = [];
  private running: Promise<void> | null = null;
  private stopped = false;
  /** Channels a running pass delivers: no other pass touches them until it ends. */
  private readonly busy = new Set<string>();
  /** Passes started while a broadcast yielded; the loop waits for them before its next pass. */
  private sidePasses: Promise<void>[] = [];

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
  ) {}

  /** Channels with at least one subscriber in this process. */
  activeChannels(): string[] {
    return [...this.channels.keys()];
  }

  /** Authorise first: the hub delivers whatever the channel carries, filtered only by per-message access. */
  subscribe(conn: TunnelConnection, channel: string, since: number | null, visible = true): Promise<void> {
    const existing = this.channels.get(channel)?.subs.get(conn);
    if (existing?.visible && visible) {
      conn.send(channel, null, controlFrame(channel, CONTROL.subscribed, { head: existing.lastSeq }));
      return Promise.resolve();
    }
    this.pendingSubs.push({ conn, channel, since, visible });
    return this.kick();
  }

  unsubscribe(conn: TunnelConnection, channel: string): void {
    const state = this.channels.get(channel);
    const sub = state?.subs.get(conn);
    if (!state || !sub) return;
    if (conn.actor.kind === "user" && channel === userChannel(conn.actor.userId)) sub.visible = false;
    else this.removeSub(channel, state, conn);
  }

  /** Forget a closed connection everywhere. */
  drop(conn: TunnelConnection): void {
    for (const [channel, state] of this.channels) if (state.subs.has(conn)) this.removeSub(channel, state, conn);
  }

  signal(signals: readonly TunnelSignal[]): void {
    let relevant = false;
    for (const { channel, seq } of signals) {
      const state = this.channels.get(channel);
      if (!state || seq <= state.head) continue;
      this.pendingSignals.set(channel, Math.max(seq, this.pendingSignals.get(channel) ?? 0));
      relevant = true;
    }
    if (relevant) void this.kick();
  }

  /** Reads the heads of every watched channel: catches signals lost with a dropped fan-out connection. */
  async sweep(): Promise<void> {
    const names = this.activeChannels();
    if (names.length === 0) return;
    this.signal([...(await this.readHeads(names))].map(([channel, seq]) => ({ channel, seq })));
  }

  /** The latest sequence of each named channel that has one. */
  private async readHeads(names: string[]): Promise<Map<string, number>> {
    const rows = await queryRows<{ name: string; last_seq: string | number }>(
      this.db,
      sql`select name, last_seq from tunnel_channels where name = any(${sql.param(names)}::text[])`,
    );
    return new Map(rows.map((r) => [r.name, Number(r.last_seq)]));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private removeSub(channel: string, state: ChannelState, conn: TunnelConnection) {
    state.subs.delete(conn);
    if (state.subs.size === 0) this.channels.delete(channel);
  }

  private kick(): Promise<void> {
    if (!this.running) {
      this.running = this.drain().finally(() => {
        this.running = null;
        if (!this.stopped && (this.pendingSignals.size || this.pendingSubs.length)) void this.kick();
      });
    }
    return this.running;
  }

  private async drain(): Promise<void> {
    while (!this.stopped && (this.pendingSignals.size || this.pendingSubs.length)) {
      const signals = this.pendingSignals;
      const subs = this.pendingSubs.filter((p) => !p.conn.closed);
      this.pendingSignals = new Map();
      this.pendingSubs = [];
      try {
        await this.pass(signals, subs);
      } catch (err) {
        this.log.warn({ err: err instanceof Error ? err.message : String(err) }, "tunnel delivery pass failed; retrying");
        this.requeue(signals);
        this.pendingSubs.unshift(...subs);
        await new Promise((r) => setTimeout(r, 500));
      }
      while (this.sidePasses.length) await Promise.all(this.sidePasses.splice(0));
    }
  }

  private async pass(signals: Map<string, number>, subs: PendingSubscribe[]): Promise<void> {
    const channels = [...signals.keys(), ...subs.map((p) => p.channel)];
    for (const channel of channels) this.busy.add(channel);
    try {
      await this.process(signals, subs);
    } finally {
      for (const channel of channels) this.busy.delete(channel);
    }
  }

  /**
   * While a broadcast yields: deliver what is waiting on channels no running pass holds (a member's
   * own channel, say), so one event to everyone does not hold up the messages addressed to one member.
   */
  private startSidePass(): void {
    const ready = new Map<string, number>();
    for (const [channel, seq] of this.pendingSignals) if (!this.busy.has(channel)) ready.set(channel, seq);
    if (ready.size === 0) return;
    for (const channel of ready.keys()) this.pendingSignals.delete(channel);
    this.sidePasses.push(
      this.pass(ready, []).catch((err) => {
        this.log.warn({ err: err instanceof Error ? err.message : String(err) }, "tunnel side pass failed; the next pass retries");
        this.requeue(ready);
      }),
    );
  }

  private requeue(signals: Map<string, number>): void {
    for (const [channel, seq] of signals) this.pendingSignals.set(channel, Math.max(seq, this.pendingSignals.get(channel) ?? 0));
  }

  private async process(signals: Map<string, number>, subs: PendingSubscribe[]): Promise<void> {
    // Heads from the database for new channels, and for resumes from beyond what this hub has seen yet.
    const unknown = [...new Set(subs.filter((s) => !this.channels.has(s.channel) || (s.since ?? 0) > this.channels.get(s.channel)!.head).map((s) => s.channel))];
    const heads = unknown.length ? await this.readHeads(unknown) : new Map<string, number>();
    // Where each touched channel's head moves to, and the lowest sequence anyone needs read.
    const target = new Map<string, number>();
    const from = new Map<string, number>();
    const headOf = (c: string) => this.channels.get(c)?.head ?? heads.get(c) ?? 0;
    for (const [channel, seq] of heads) if (this.channels.has(channel)) signals.set(channel, Math.max(seq, signals.get(channel) ?? 0));
    for (const [channel, seq] of signals) {
      const head = this.channels.get(channel)?.head;
      if (head === undefined || seq <= head) continue;
      target.set(channel, seq);
      from.set(channel, head);
    }
    for (const p of subs) {
      const t = Math.max(target.get(p.channel) ?? 0, headOf(p.channel));
      target.set(p.channel, t);
      if (p.since !== null && p.since < t && t - p.since <= MAX_REPLAY) from.set(p.channel, Math.min(from.get(p.channel) ?? t, p.since));
    }
    const messages = await this.read(from, target);
    const subsOf = new Map<string, PendingSubscribe[]>();
    for (const p of subs) {
      if (p.conn.closed) continue;
      const list = subsOf.get(p.channel);
      if (list) list.push(p);
      else subsOf.set(p.channel, [p]);
    }

    // Small channels first: a member's own message does not wait behind a broadcast in the same pass.
    const subscribers = (channel: string) => this.channels.get(channel)?.subs.size ?? 0;
    const order = [...target].sort(([a], [b]) => subscribers(a) - subscribers(b));
    for (const [channel, upto] of order) {
      const list = messages.get(channel) ?? [];
      let state = this.channels.get(channel);
      const fresh = subsOf.get(channel) ?? [];
      if (!state) {
        if (fresh.length === 0) continue;
        state = { head: headOf(channel), subs: new Map() };
        this.channels.set(channel, state);
      }
      // Existing subscribers first, then newcomers from their own resume points.
      let visited = 0;
      for (const [conn, sub] of state.subs) {
        const pending = this.deliver(conn, channel, sub, list, upto);
        if (pending) await pending;
        if (++visited % YIELD_EVERY === 0) {
          await yieldToEventLoop();
          this.startSidePass();
        }
      }
      for (const p of fresh) {
        const prior = state.subs.get(p.conn);
        if (prior && (prior.visible || !p.visible)) {
          if (p.visible) p.conn.send(channel, null, controlFrame(channel, CONTROL.subscribed, { head: prior.lastSeq }));
          continue;
        }
        const sub: Subscription = { lastSeq: upto, visible: p.visible };
        state.subs.set(p.conn, sub);
        if (!p.visible) continue;
        p.conn.send(channel, null, controlFrame(channel, CONTROL.subscribed, { head: upto }));
        if (p.since === null || p.since === upto) continue;
        const covered = p.since < upto && list.length > 0 && list[0].seq <= p.since + 1 && list[list.length - 1].seq === upto;
        if (!covered) {
          p.conn.send(channel, null, controlFrame(channel, CONTROL.reset, { head: upto, since: p.since }));
          continue;
        }
        sub.lastSeq = p.since;
        await this.deliver(p.conn, channel, sub, list, upto);
      }
      state.head = Math.max(state.head, upto);
    }
  }

  /**
   * Synchronous unless an account change makes the connection reload its actor first. Several
   * messages for one connection leave in writes of up to WRITE_BATCH frames, not one write each.
   */
  private deliver(conn: TunnelConnection, channel: string, sub: Subscription, list: Message[], upto: number): Promise<void> | void {
    if (list.length < 2) return this.deliverEach(conn, channel, sub, list, upto);
    conn.hold?.();
    try {
      return this.deliverEach(conn, channel, sub, list, upto);
    } finally {
      conn.flush?.();
    }
  }

  private deliverEach(conn: TunnelConnection, channel: string, sub: Subscription, list: Message[], upto: number): Promise<void> | void {
    for (let i = 0; i < list.length; i++) {
      if (i % WRITE_BATCH === WRITE_BATCH - 1) {
        conn.flush?.();
        conn.hold?.();
      }
      const m = list[i];
      if (m.seq <= sub.lastSeq || m.seq > upto) continue;
      if (conn.closed) return;
      if (m.type === ACCOUNT_UPDATED) {
        return conn.refreshActor().then(() => {
          sub.lastSeq = m.seq;
          if (sub.visible && !conn.closed) conn.send(channel, m.seq, m.frame);
          return this.deliver(conn, channel, sub, list, upto);
        });
      }
      sub.lastSeq = m.seq;
      if (sub.visible && mayReceive(conn.actor, m.access)) conn.send(channel, m.seq, m.frame);
    }
    sub.lastSeq = Math.max(sub.lastSeq, upto);
  }

  private async read(from: Map<string, number>, target: Map<string, number>): Promise<Map<string, Message[]>> {
    const channels = [...from.keys()];
    const out = new Map<string, Message[]>();
    if (channels.length === 0) return out;
    const rows = await queryRows<Row>(
      this.db,
      // LATERAL keeps every channel's read a primary-key range scan, however large the table grows.
      sql`select m.channel, m.seq, m.type, m.data, m.access, m.created_at
          from unnest(${sql.param(channels)}::text[], ${sql.param(channels.map((c) => from.get(c)!))}::bigint[], ${sql.param(channels.map((c) => target.get(c)!))}::bigint[]) as r(channel, after_seq, upto)
          cross join lateral (
            select channel, seq, type, data, access, created_at from tunnel_messages
            where channel = r.channel and seq > r.after_seq and seq <= r.upto order by seq
          ) m
          order by m.channel, m.seq`,
    );
    for (const r of rows) {
      const seq = Number(r.seq);
      const ts = new Date(r.created_at).toISOString();
      const frame = JSON.stringify({ id: seq, channel: r.channel, type: r.type, data: r.data, ts });
      const list = out.get(r.channel) ?? [];
      list.push({ seq, type: r.type, access: r.access, frame });
      out.set(r.channel, list);
    }
    return out;
  }
}
