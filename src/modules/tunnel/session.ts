import { z } from "zod";
import { actorForUser } from "@/src/platform/auth/actor";
import type { Actor } from "@/src/platform/auth/roles";
import type { Db } from "@/src/platform/db/client";
import { subscribeDenial, userChannel } from "./channels";
import { CONTROL, controlFrame, errorFrame } from "./envelope";
import type { TunnelConnection, TunnelHub } from "./hub";
import { metrics } from "@/src/platform/metrics/metrics";

export const MAX_CHANNELS_PER_CONNECTION = 50;
/** Subscribe/unsubscribe operations a connection may make per window. */
export const SUBSCRIBE_BURST = 20;
export const SUBSCRIBE_WINDOW_MS = 10_000;

/** Close codes in the application range; also used as SSE end reasons. */
export const CLOSE = {
  slowConsumer: 4008,
  accountGone: 4001,
  heartbeatTimeout: 4002,
  shuttingDown: 1001,
} as const;

const Sequence = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const ClientOp = z.discriminatedUnion("op", [
  z.object({ op: z.literal("subscribe"), channel: z.string().min(1).max(100), since: Sequence.nullish() }),
  z.object({ op: z.literal("unsubscribe"), channel: z.string().min(1).max(100) }),
  z.object({ op: z.literal("ping") }),
]);
export type ClientOp = z.infer<typeof ClientOp>;

/**
 * One client connection, whatever the transport: authorises subscriptions, rate-limits them and
 * keeps its actor fresh. Transports provide `write` (with their own back-pressure rule) and `end`.
 */
export abstract class TunnelSession implements TunnelConnection {
  closed = false;
  private readonly channels = new Set<string>();
  private opTimes: number[] = [];

  constructor(
    public actor: Actor,
    protected readonly hub: TunnelHub,
    private readonly db: Db,
    private readonly maxBuffered: number,
  ) {}

  protected abstract write(channel: string, seq: number | null, frame: string): void;
  protected abstract end(code: number, reason: string): void;
  /** Bytes accepted for this client but not yet sent. */
  protected abstract unsent(): number;

  /** A signed-in connection watches its own channel from the start, so account changes apply at once. */
  async open(): Promise<void> {
    if (this.actor.kind === "user") await this.hub.subscribe(this, userChannel(this.actor.userId), null, false);
  }

  /** A consumer that does not read fast enough is cut off rather than buffered without bound. */
  send(channel: string, seq: number | null, frame: string): void {
    if (this.closed) return;
    if (this.unsent() > this.maxBuffered) return this.close(CLOSE.slowConsumer, "slow consumer");
    this.write(channel, seq, frame);
    metrics().tunnelMessages.inc();
  }

  async refreshActor(): Promise<void> {
    if (this.actor.kind !== "user") return;
    try {
      const fresh = await actorForUser(this.db, this.actor.userId);
      if (fresh) {
        this.actor = fresh;
        this.dropForbiddenChannels();
        return;
      }
    } catch {
      // Suspended: treated as gone.
    }
    this.close(CLOSE.accountGone, "account no longer active");
  }

  handle(op: ClientOp): void {
    if (op.op === "ping") return this.send("", null, controlFrame(null, CONTROL.pong));
    if (!this.allowOp()) return this.send(op.channel, null, errorFrame(op.channel, "rate_limited", "Too many subscribe requests; slow down"));
    if (op.op === "unsubscribe") {
      this.channels.delete(op.channel);
      this.hub.unsubscribe(this, op.channel);
      return this.send(op.channel, null, controlFrame(op.channel, CONTROL.unsubscribed));
    }
    this.subscribe(op.channel, op.since ?? null);
  }

  subscribe(channel: string, since: number | null): void {
    const denial = subscribeDenial(this.actor, channel);
    if (denial) return this.send(channel, null, errorFrame(channel, denial.code, denial.message));
    if (!this.channels.has(channel) && this.channels.size >= MAX_CHANNELS_PER_CONNECTION) {
      return this.send(channel, null, errorFrame(channel, "too_many_channels", `At most ${MAX_CHANNELS_PER_CONNECTION} channels per connection`));
    }
    this.channels.add(channel);
    void this.hub.subscribe(this, channel, since);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.hub.drop(this);
    this.end(code, reason);
  }

  private allowOp(): boolean {
    const now = Date.now();
    this.opTimes = this.opTimes.filter((t) => now - t < SUBSCRIBE_WINDOW_MS);
    if (this.opTimes.length >= SUBSCRIBE_BURST) return false;
    this.opTimes.push(now);
    return true;
  }

  /** After a demotion or a new block: leave channels the member may no longer read, saying why. */
  private dropForbiddenChannels() {
    for (const channel of this.channels) {
      const denial = subscribeDenial(this.actor, channel);
      if (!denial) continue;
      this.channels.delete(channel);
      this.hub.unsubscribe(this, channel);
      this.send(channel, null, errorFrame(channel, denial.code, denial.message));
    }
  }
}
