import { afterAll, describe, expect, inject, it } from "vitest";
import WebSocket from "ws";
import { inboundSignature } from "@/src/modules/email/inbound";
import { TEST_INBOUND_SECRET } from "../support/global-server";
import { activeListing, call, randomIp, signInAdmin, signUpUser, userWithRole } from "../support/http";
import { TunnelClient, type Frame } from "../support/tunnel-client";

const base = () => inject("baseUrl");
const open: TunnelClient[] = [];
async function connect(options: { token?: string; ticket?: string } = {}) {
  const client = await TunnelClient.connect(base(), options);
  open.push(client);
  return client;
}
afterAll(() => open.forEach((c) => c.close()));

const DISCOVERY = "discovery:opportunities";

type SseEvent = { id?: string; frame: Frame };
const firstFrame = (events: SseEvent[]) => events.some((e) => e.frame.id !== null);

/** Reads an SSE stream until `enough` holds for the events so far (or the time is up), then aborts it. */
async function readSse(path: string, headers: Record<string, string>, enough: (events: SseEvent[]) => boolean = firstFrame, timeoutMs = 8_000) {
  const controller = new AbortController();
  const res = await fetch(`${base()}${path}`, { headers: { "x-forwarded-for": randomIp(), ...headers }, signal: controller.signal });
  const events: SseEvent[] = [];
  if (res.status !== 200) return { status: res.status, events, body: await res.json() };
  const reader = res.body!.getReader();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let buffer = "";
  // The condition may become true without a new chunk (the caller learns what it waits for later): look again every 100 ms.
  let pending = reader.read();
  try {
    while (!enough(events)) {
      const next = await Promise.race([pending, new Promise<null>((r) => setTimeout(() => r(null), 100))]);
      if (next === null) continue;
      pending = reader.read();
      const { value, done } = next;
      if (done) break;
      buffer += Buffer.from(value).toString();
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const id = /^id: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (data && !block.startsWith("event: close")) events.push({ id, frame: JSON.parse(data) as Frame });
      }
    }
  } catch {
    // aborted at the deadline: return what arrived
  } finally {
    clearTimeout(timer);
    controller.abort();
    pending.catch(() => undefined);
  }
  return { status: res.status, events, body: null };
}

describe("tunnel: cross-site upgrades", () => {
  /** The status the server answers an upgrade with (101 when it opens). */
  async function upgradeStatus(headers: Record<string, string>): Promise<number> {
    const socket = new WebSocket(`${inject("baseUrl").replace(/^http/, "ws")}/api/tunnel/ws`, { headers: { "x-forwarded-for": randomIp(), ...headers } });
    return new Promise((resolve) => {
      socket.once("open", () => {
        socket.close();
        resolve(101);
      });
      socket.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      socket.once("error", () => resolve(0));
    });
  }

  it("a page on another site cannot open the tunnel with a member's cookie; the ring's own pages can", async () => {
    const user = await signUpUser("ws-cookie");
    const signedIn = await call("/api/v1/auth/sign-in", { body: { email: user.email, password: user.password } });
    const cookie = signedIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    expect(cookie).toContain("session_token");
    expect(await upgradeStatus({ cookie, origin: "https://evil.example" })).toBe(403);
    expect(await upgradeStatus({ cookie, origin: inject("baseUrl") })).toBe(101);
  });
});

describe("tunnel: authorisation per channel", () => {
  it("lets a visitor read public discovery only, with an error frame (and nothing else) for the rest", async () => {
    const visitor = await connect();
    expect((await visitor.subscribe(DISCOVERY)).type).toBe("subscribed");
    const own = await visitor.subscribe("user:someone");
    expect(own).toMatchObject({ type: "error", data: { code: "unauthenticated" } });
    expect((await visitor.subscribe("admin")).data.code).toBe("unauthenticated");
    expect((await visitor.subscribe("nonsense")).data.code).toBe("unknown_channel");
    visitor.send("not json");
    const bad = await visitor.waitFor((f) => f.type === "error" && f.data.code === "bad_request");
    expect(bad.data.message).toContain("op");
  });

  it("gives a member their own channel, never another member's or the admin channel", async () => {
    const member = await userWithRole("member", "tun-member");
    const other = await signUpUser("tun-other");
    const client = await connect({ token: member.token });
    expect((await client.subscribe(`user:${member.id}`)).type).toBe("subscribed");
    expect((await client.subscribe(`user:${other.id}`)).data.code).toBe("forbidden");
    expect((await client.subscribe("admin")).data.code).toBe("forbidden");
    const admin = await connect({ token: await signInAdmin() });
    expect((await admin.subscribe("admin")).type).toBe("subscribed");
  });

  it("refuses a bad bearer token or ticket at the upgrade with 401", async () => {
    await expect(TunnelClient.connect(base(), { token: "not-a-token" })).rejects.toThrow("401");
    await expect(TunnelClient.connect(base(), { ticket: "forged.ticket.value" })).rejects.toThrow("401");
  });

  it("issues tickets to signed-in callers only; a ticket opens the member's channel", async () => {
    expect((await call("/api/v1/tunnel/ticket", { method: "POST" })).status).toBe(401);
    const member = await signUpUser("tun-ticket");
    const issued = await call("/api/v1/tunnel/ticket", { method: "POST", token: member.token });
    expect(issued.status).toBe(201);
    expect(Date.parse(issued.body.expiresAt)).toBeGreaterThan(Date.now());
    const client = await connect({ ticket: issued.body.ticket });
    expect((await client.subscribe(`user:${member.id}`)).type).toBe("subscribed");
  });
});

describe("tunnel: discovery events filtered per subscriber", () => {
  it("never sends a confidential listing's event, not even its id, to a member or visitor", async () => {
    const vetted = await userWithRole("confidential", "tun-vetted");
    const member = await userWithRole("member", "tun-plain");
    const clients = { visitor: await connect(), member: await connect({ token: member.token }), vetted: await connect({ token: vetted.token }) };
    for (const c of Object.values(clients)) await c.subscribe(DISCOVERY);

    const secret = await activeListing(vetted.token, { title: "Confidential board seat", visibility: "confidential" });
    const open = await activeListing(vetted.token, { title: "Public volunteer call", visibility: "public" });
    const sawOpen = (f: Frame) => f.channel === DISCOVERY && f.data.id === open.id && f.data.status === "active";
    // Each client's stream is ordered: once the later public listing arrived, the earlier one would have too.
    for (const c of Object.values(clients)) await c.waitFor(sawOpen);
    await clients.vetted.waitFor((f) => f.data?.id === secret.id && f.data.status === "active");
    for (const c of [clients.visitor, clients.member]) {
      expect(JSON.stringify(c.frames)).not.toContain(secret.id);
    }
  });

  it("tells the author live when the admin approves their listing, and raises their unread count", async () => {
    const author = await userWithRole("member", "tun-author");
    const client = await connect({ token: author.token });
    await client.subscribe(`user:${author.id}`);
    const created = await call("/api/v1/opportunities", { token: author.token, body: { title: "Need a welder", description: "Two weeks of welding work", type: "request", category: "technology" } });
    expect(created.status).toBe(201);
    await call(`/api/v1/admin/opportunities/${created.body.id}/decision`, { token: await signInAdmin(), body: { decision: "approve" } });
    const status = await client.waitFor((f) => f.type === "opportunity.status_changed" && f.data.id === created.body.id && f.data.to === "active");
    expect(status.channel).toBe(`user:${author.id}`);
    const note = await client.waitFor((f) => f.type === "notification.created");
    expect(note.data.unreadCount).toBeGreaterThan(0);
  });
});

describe("tunnel: the admin channel", () => {
  it("tells admins live about new reports and verification requests", async () => {
    const admin = await connect({ token: await signInAdmin() });
    await admin.subscribe("admin");
    const owner = await userWithRole("member", "tun-mod-owner");
    const org = await call("/api/v1/entities", { token: owner.token, body: { name: `Tunnel org ${Date.now()}`, type: "other", description: "Reported over the tunnel" } });
    const reporter = await signUpUser("tun-reporter");
    await call(`/api/v1/entities/${org.body.id}/reports`, { token: reporter.token, body: { category: "spam", reason: "Sends unsolicited offers every day" } });
    const frame = await admin.waitFor((f) => f.type === "moderation.changed" && f.data.entityId === org.body.id);
    expect(frame.data.event).toBe("report.created");
  });

  it("tells admins live about an escalated email thread", async () => {
    const admin = await connect({ token: await signInAdmin() });
    await admin.subscribe("admin");
    const raw = JSON.stringify({ messageId: `<tunnel-${Date.now()}@angry.example>`, from: "angry@client.example", to: "info@ring.example.org", subject: "Outage", text: "Everything is down, this is unacceptable. Our lawyer will call." });
    const pushed = await call("/api/webhooks/email/inbound", { rawBody: raw, headers: { "content-type": "application/json", "x-ringlet-signature": inboundSignature(TEST_INBOUND_SECRET, raw) } });
    expect(pushed.body).toMatchObject({ escalated: true });
    const frame = await admin.waitFor((f) => f.type === "email.escalated" && f.data.threadId === pushed.body.threadId);
    expect(frame.data).toMatchObject({ urgency: "critical" });
  });
});

describe("tunnel: ordering and resume", () => {
  it("replays exactly the missed events, in order, after a forced disconnect", async () => {
    const author = await userWithRole("member", "tun-resume");
    const witness = await connect();
    await witness.subscribe(DISCOVERY);
    const first = await connect();
    await first.subscribe(DISCOVERY);
    const a = await activeListing(author.token, { title: "Resume A" });
    const seenA = await first.waitFor((f) => f.data?.id === a.id && f.data.status === "active");
    first.socket.terminate();

    const b = await activeListing(author.token, { title: "Resume B" });
    const c = await activeListing(author.token, { title: "Resume C" });
    const second = await connect();
    await second.subscribe(DISCOVERY, seenA.id!);
    const isLastC = (f: Frame) => f.data?.id === c.id && f.data.status === "active";
    const lastC = await second.waitFor(isLastC);
    await witness.waitFor(isLastC);
    // Exactly what a client connected all along saw after A (ids skip what a visitor may not see).
    const after = (client: TunnelClient) => client.messages(DISCOVERY).filter((f) => f.id! > seenA.id! && f.id! <= lastC.id!);
    expect(after(second).map((f) => f.id)).toEqual(after(witness).map((f) => f.id));
    expect(after(second).map((f) => f.data)).toEqual(after(witness).map((f) => f.data));
    expect(after(second).some((f) => f.data.id === b.id && f.data.status === "active")).toBe(true);
  });
});

describe("tunnel: Server-Sent Events", () => {
  it("streams the same envelopes and resumes every channel from Last-Event-ID", async () => {
    const author = await userWithRole("member", "tun-sse");
    await activeListing(author.token, { title: "SSE earlier" }); // an earlier event the resume must skip
    let secondId = "";
    // Other test files publish on the same channel meanwhile: read until this test's second listing shows.
    const isSecond = (e: SseEvent) => e.frame.id !== null && e.frame.data?.id === secondId;
    const live = readSse(`/api/tunnel/sse?channels=${DISCOVERY}`, {}, (events) => secondId !== "" && events.some(isSecond));
    await new Promise((r) => setTimeout(r, 300));
    const second = await activeListing(author.token, { title: "SSE second" });
    secondId = second.id;
    const got = await live;
    expect(got.status).toBe(200);
    const frames = got.events.filter(isSecond);
    expect(frames.length).toBeGreaterThan(0);
    expect(frames[0].frame.channel).toBe(DISCOVERY);
    const cursor = new URLSearchParams(frames[0].id!);
    expect(Number(cursor.get(DISCOVERY))).toBe(frames[0].frame.id);

    const since = new URLSearchParams({ [DISCOVERY]: String(frames[0].frame.id! - 1) }).toString();
    const resumed = await readSse(`/api/tunnel/sse?channels=${DISCOVERY}`, { "last-event-id": since });
    const replay = resumed.events.filter((e) => e.frame.id !== null);
    expect(replay[0].frame.id).toBe(frames[0].frame.id);
    expect(replay[0].frame).toEqual(frames[0].frame);
  });

  it("answers 400 without channels and 401 when every channel needs a sign-in", async () => {
    expect((await readSse("/api/tunnel/sse", {})).status).toBe(400);
    const denied = await readSse("/api/tunnel/sse?channels=admin", {});
    expect(denied.status).toBe(401);
    expect(denied.body.error.code).toBe("unauthenticated");
  });
});
