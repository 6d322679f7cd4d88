import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { user } from "@/src/platform/auth/schema";
import type { Actor } from "@/src/platform/auth/roles";
import { logger } from "@/src/platform/log/logger";
import { actorOf, createUser } from "@/tests/support/factories";
import { createTestDb, type TestDb } from "@/tests/support/test-db";
import { appendTunnelMessages, type TunnelMessageInput } from "./append";
import { ACCOUNT_UPDATED, MAX_REPLAY, TunnelHub, type TunnelConnection } from "./hub";
import { pruneTunnelMessages } from "./retention";
import { tunnelChannels, tunnelMessages } from "./schema";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.destroy());

interface Frame {
  id: number | null;
  channel: string | null;
  type: string;
  data: Record<string, unknown>;
}

class FakeConnection implements TunnelConnection {
  closed = false;
  frames: Frame[] = [];
  refreshes = 0;
  constructor(
    public actor: Actor,
    private readonly reload?: () => Promise<Actor>,
  ) {}
  send(_channel: string, _seq: number | null, frame: string) {
    this.frames.push(JSON.parse(frame) as Frame);
  }
  async refreshActor() {
    this.refreshes++;
    if (this.reload) this.actor = await this.reload();
  }
  messages(channel: string) {
    return this.frames.filter((f) => f.channel === channel && f.id !== null);
  }
  controls(type: string) {
    return this.frames.filter((f) => f.type === type);
  }
}

const VISITOR: Actor = { kind: "visitor", role: "visitor", userId: null };

async function append(messages: TunnelMessageInput[]) {
  return t.db.transaction((tx) => appendTunnelMessages(tx, messages));
}

const publicAccess = { visibility: "public" as const, ownerId: "someone", live: true, entityId: null };

async function settle(hub: TunnelHub) {
  // The hub's loop runs on promises; subscribing nothing new waits for the current pass.
  await new Promise((r) => setTimeout(r, 20));
  await (hub as unknown as { running: Promise<void> | null }).running;
}

describe(`tunnel hub (${process.env.RINGLET_TEST_DB})`, () => {
  it("numbers messages per channel without gaps, even when writers race", async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        append([
          { channel: "test:race", type: "n", data: { i } },
          { channel: "test:race", type: "n", data: { i } },
        ]),
      ),
    );
    const rows = await t.db.select({ seq: tunnelMessages.seq }).from(tunnelMessages).where(eq(tunnelMessages.channel, "test:race")).orderBy(tunnelMessages.seq);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
  });

  it("delivers signalled messages in order, once, and a resume replays exactly the missed ones", async () => {
    const hub = new TunnelHub(t.db, logger());
    const live = new FakeConnection(VISITOR);
    await hub.subscribe(live, "test:order", null);
    const s1 = await append([{ channel: "test:order", type: "a", data: { n: 1 } }]);
    const s2 = await append([{ channel: "test:order", type: "a", data: { n: 2 } }, { channel: "test:order", type: "a", data: { n: 3 } }]);
    hub.signal(s2); // the later signal first: the hub reads the whole range
    hub.signal(s1);
    hub.signal(s2); // duplicated delivery of a signal changes nothing
    await settle(hub);
    expect(live.messages("test:order").map((f) => f.data.n)).toEqual([1, 2, 3]);
    expect(live.messages("test:order").map((f) => f.id)).toEqual([1, 2, 3]);

    // A client that saw up to id 1 comes back: it gets 2 and 3, then live messages, nothing twice.
    const back = new FakeConnection(VISITOR);
    await hub.subscribe(back, "test:order", 1);
    const s4 = await append([{ channel: "test:order", type: "a", data: { n: 4 } }]);
    hub.signal(s4);
    await settle(hub);
    expect(back.controls("subscribed")[0].data.head).toBe(3);
    expect(back.messages("test:order").map((f) => f.data.n)).toEqual([2, 3, 4]);
    expect(live.messages("test:order").map((f) => f.data.n)).toEqual([1, 2, 3, 4]);
    await hub.stop();
  });

  it("a broadcast to thousands lets a member's message through before it ends, in order and once", async () => {
    const hub = new TunnelHub(t.db, logger());
    let memberSignal: Awaited<ReturnType<typeof append>> = [];
    let crowdReceived = 0;
    let crowdSoFarWhenMemberHeard: number | null = null;
    /** A subscriber whose socket write takes 20 µs, as a real one does here; the first one to hear the broadcast signals the member's message. */
    class Crowd extends FakeConnection {
      send(channel: string, seq: number | null, frame: string) {
        super.send(channel, seq, frame);
        if (seq !== null && ++crowdReceived === 1) hub.signal(memberSignal);
        const until = performance.now() + 0.02;
        while (performance.now() < until);
      }
    }
    class Member extends FakeConnection {
      send(channel: string, seq: number | null, frame: string) {
        super.send(channel, seq, frame);
        if (seq !== null) crowdSoFarWhenMemberHeard ??= crowdReceived;
      }
    }
    const crowd = Array.from({ length: 5_000 }, () => new Crowd(VISITOR));
    const member = new Member(VISITOR);
    await Promise.all([...crowd.map((c) => hub.subscribe(c, "test:crowd", null)), hub.subscribe(member, "test:own", null)]);
    memberSignal = await append([{ channel: "test:own", type: "a", data: { n: 1 } }]);
    hub.signal(await append([{ channel: "test:crowd", type: "everyone", data: {} }]));
    await settle(hub);
    expect(crowdReceived).toBe(5_000);
    expect(crowd.every((c) => c.messages("test:crowd").length === 1)).toBe(true);
    expect(member.messages("test:own").map((f) => f.data.n)).toEqual([1]);
    expect(crowdSoFarWhenMemberHeard).toBeGreaterThan(0);
    expect(crowdSoFarWhenMemberHeard).toBeLessThan(5_000);

    // The side pass moved the member channel's head: the next message follows, nothing twice.
    hub.signal(await append([{ channel: "test:own", type: "a", data: { n: 2 } }]));
    hub.signal(memberSignal);
    await settle(hub);
    expect(member.messages("test:own").map((f) => f.data.n)).toEqual([1, 2]);
    await hub.stop();
  });

  it("several messages for one connection leave in batched writes of at most 32 frames, in order, the connection never left held", async () => {
    const hub = new TunnelHub(t.db, logger());
    class Batching extends FakeConnection {
      held = 0;
      batches: number[] = [];
      private current = 0;
      send(channel: string, seq: number | null, frame: string) {
        super.send(channel, seq, frame);
        if (seq === null) return;
        if (this.held > 0) this.current++;
        else this.batches.push(1);
      }
      hold() {
        this.held++;
      }
      flush() {
        this.held--;
        if (this.current) this.batches.push(this.current);
        this.current = 0;
      }
    }
    const conn = new Batching(VISITOR);
    await hub.subscribe(conn, "test:batch", null);
    hub.signal(await append(Array.from({ length: 40 }, (_, n) => ({ channel: "test:batch", type: "a", data: { n } }))));
    await settle(hub);
    expect(conn.messages("test:batch").map((f) => f.data.n)).toEqual(Array.from({ length: 40 }, (_, n) => n));
    expect(conn.batches.reduce((a, b) => a + b, 0)).toBe(40);
    expect(conn.batches.length).toBe(2);
    expect(Math.max(...conn.batches)).toBeLessThanOrEqual(32);
    expect(conn.held).toBe(0);
    await hub.stop();
  });

  it("a sweep finds messages whose signal was lost", async () => {
    const hub = new TunnelHub(t.db, logger());
    const conn = new FakeConnection(VISITOR);
    await hub.subscribe(conn, "test:sweep", null);
    await append([{ channel: "test:sweep", type: "a", data: {} }]);
    await hub.sweep();
    await settle(hub);
    expect(conn.messages("test:sweep")).toHaveLength(1);
    await hub.stop();
  });

  it("sends reset when the gap was pruned, is too long, or names a sequence the channel never had", async () => {
    const hub = new TunnelHub(t.db, logger());
    await append([1, 2, 3, 4].map((n) => ({ channel: "test:prune", type: "a", data: { n } })));
    await t.db.delete(tunnelMessages).where(sql`${tunnelMessages.channel} = 'test:prune' and ${tunnelMessages.seq} <= 2`);
    const pruned = new FakeConnection(VISITOR);
    await hub.subscribe(pruned, "test:prune", 1);
    const fine = new FakeConnection(VISITOR);
    await hub.subscribe(fine, "test:prune", 2);
    const future = new FakeConnection(VISITOR);
    await hub.subscribe(future, "test:prune", 99);
    await settle(hub);
    expect(pruned.controls("reset")).toHaveLength(1);
    expect(pruned.messages("test:prune")).toHaveLength(0);
    expect(fine.controls("reset")).toHaveLength(0);
    expect(fine.messages("test:prune").map((f) => f.data.n)).toEqual([3, 4]);
    expect(future.controls("reset")).toHaveLength(1);

    await append(Array.from({ length: MAX_REPLAY + 1 }, (_, n) => ({ channel: "test:long", type: "a", data: { n } })));
    const behind = new FakeConnection(VISITOR);
    await hub.subscribe(behind, "test:long", 0);
    await settle(hub);
    expect(behind.controls("reset")).toHaveLength(1);
    await hub.stop();
  });

  it("filters each message per subscriber with canView: a member never receives a confidential listing's message", async () => {
    const hub = new TunnelHub(t.db, logger());
    const member = actorOf(await createUser(t.db, "member"));
    const vetted = actorOf(await createUser(t.db, "confidential"));
    const admin = actorOf(await createUser(t.db, "admin"));
    const conns = { visitor: new FakeConnection(VISITOR), member: new FakeConnection(member), vetted: new FakeConnection(vetted), admin: new FakeConnection(admin) };
    for (const c of Object.values(conns)) await hub.subscribe(c, "test:discovery", null);
    const signals = await append([
      { channel: "test:discovery", type: "o", data: { v: "public" }, access: publicAccess },
      { channel: "test:discovery", type: "o", data: { v: "member" }, access: { ...publicAccess, visibility: "member" } },
      { channel: "test:discovery", type: "o", data: { v: "confidential" }, access: { ...publicAccess, visibility: "confidential" } },
      { channel: "test:discovery", type: "o", data: { v: "pending" }, access: { ...publicAccess, live: false } },
    ]);
    hub.signal(signals);
    await settle(hub);
    const seen = (c: FakeConnection) => c.messages("test:discovery").map((f) => f.data.v);
    expect(seen(conns.visitor)).toEqual(["public"]);
    expect(seen(conns.member)).toEqual(["public", "member"]);
    expect(seen(conns.vetted)).toEqual(["public", "member", "confidential"]);
    expect(seen(conns.admin)).toEqual(["public", "member", "confidential", "pending"]);
    await hub.stop();
  });

  it("an account change on the member's own channel reloads their actor before the next message", async () => {
    const hub = new TunnelHub(t.db, logger());
    const row = await createUser(t.db, "confidential");
    const conn = new FakeConnection(actorOf(row), async () => {
      const [fresh] = await t.db.select().from(user).where(eq(user.id, row.id));
      return actorOf(fresh);
    });
    await hub.subscribe(conn, `user:${row.id}`, null, false);
    await hub.subscribe(conn, "test:demote", null);
    await t.db.update(user).set({ role: "member" }).where(eq(user.id, row.id));
    hub.signal(await append([{ channel: `user:${row.id}`, type: ACCOUNT_UPDATED, data: {} }]));
    await settle(hub);
    hub.signal(await append([{ channel: "test:demote", type: "o", data: {}, access: { ...publicAccess, visibility: "confidential" } }]));
    await settle(hub);
    expect(conn.refreshes).toBe(1);
    expect(conn.messages(`user:${row.id}`)).toHaveLength(0); // hidden subscription sends nothing
    expect(conn.messages("test:demote")).toHaveLength(0);
    await hub.stop();
  });

  it("retention deletes messages older than TUNNEL_RETENTION_HOURS and keeps the channel's counter", async () => {
    await append([1, 2, 3].map((n) => ({ channel: "test:retention", type: "a", data: { n } })));
    await t.db.update(tunnelMessages).set({ createdAt: new Date(Date.now() - 25 * 3_600_000) }).where(sql`${tunnelMessages.channel} = 'test:retention' and ${tunnelMessages.seq} <= 2`);
    const before = await t.db.select({ n: sql<number>`count(*)::int` }).from(tunnelMessages);
    expect(await pruneTunnelMessages(t.db, new Date())).toBeGreaterThanOrEqual(2);
    const left = await t.db.select({ seq: tunnelMessages.seq }).from(tunnelMessages).where(eq(tunnelMessages.channel, "test:retention"));
    expect(left.map((r) => r.seq)).toEqual([3]);
    const [counter] = await t.db.select().from(tunnelChannels).where(eq(tunnelChannels.name, "test:retention"));
    expect(counter.lastSeq).toBe(3);
    const after = await t.db.select({ n: sql<number>`count(*)::int` }).from(tunnelMessages);
    expect(after[0].n).toBeLessThan(before[0].n);
  });
});
