import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chatCompletion } from "./chat-completion";
import { readJsonBody } from "./read-body";

/** A 1x1 PNG: real bytes, so the storage port's content sniffing accepts it. */
export const TINY_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
/** The first box of an MP4 file (ftyp) and a little more: enough for the sniffer. */
export const TINY_MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from("ftypisom", "latin1"), Buffer.alloc(64, 1)]);

export type GenerativeMode = "ok" | "error" | "slow" | "video_failed" | "moderated" | "no_request_id";

export interface FakeGenerative {
  /** `http://127.0.0.1:port/v1`: XAI_API_BASE_URL and OPENAI_BASE_URL. */
  baseUrl: string;
  mode: GenerativeMode;
  /** Polls a video stays pending before it is done. */
  pollsUntilDone: number;
  requests: { method: string; path: string; body: any; authorization: string | undefined }[];
  /** What the "model" says when asked for a structured email classification (over the defaults). */
  classification: Partial<typeof DEFAULT_CLASSIFICATION>;
  close(): Promise<void>;
}

const DEFAULT_CLASSIFICATION = {
  intent: "general_inquiry",
  sentiment: "neutral",
  urgency: "normal",
  language: "en",
  confidence: 0.95,
  reasons: ["asks a general question"],
  injection: { suspected: false, reason: "" },
};


function lastUserText(body: any): string {
  const messages = (body.messages ?? []) as { role: string; content: unknown }[];
  const user = messages.filter((m) => m.role === "user").at(-1);
  if (!user) return "";
  return typeof user.content === "string" ? user.content : Array.isArray(user.content) ? user.content.map((p: { text?: string }) => p.text ?? "").join("\n") : "";
}

function systemText(body: any): string {
  const system = ((body.messages ?? []) as { role: string; content: unknown }[]).find((m) => m.role === "system");
  return typeof system?.content === "string" ? system.content : "";
}

/**
 * Answers like xAI (images, chat completions, video jobs that finish after a few polls) and OpenAI
 * (images, chat completions), on 127.0.0.1, with switchable failures.
 */
export async function startFakeGenerative(): Promise<FakeGenerative> {
  const polls = new Map<string, number>();
  let nextJob = 1;
  const state: FakeGenerative = {
    baseUrl: "",
    mode: "ok",
    pollsUntilDone: 2,
    requests: [],
    classification: {},
    close: () => new Promise((r) => server.close(() => r())),
  };
  const server: Server = createServer(async (req, res) => {
    const body = req.method === "POST" ? await readJsonBody(req) : {};
    const path = (req.url ?? "").replace(/^\/v1/, "");
    state.requests.push({ method: req.method ?? "GET", path, body, authorization: req.headers.authorization });
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    if (path.startsWith("/files/")) {
      res.writeHead(200, { "content-type": "video/mp4" });
      return res.end(TINY_MP4);
    }
    if (state.mode === "slow") await new Promise((r) => setTimeout(r, 3_000));
    if (state.mode === "error") return send(500, { error: { message: "upstream exploded", type: "server_error" } });
    if (path === "/images/generations" || path === "/images/edits") {
      const n = Number(body.n ?? 1);
      return send(200, { created: Math.floor(Date.now() / 1000), data: Array.from({ length: n }, () => ({ b64_json: TINY_PNG.toString("base64"), revised_prompt: `A picture of ${body.prompt}` })), usage: { cost_in_usd_ticks: 700_000_000 * n } });
    }
    if (path === "/chat/completions") {
      const system = systemText(body);
      const input = lastUserText(body);
      if (body.response_format?.type === "json_schema") return send(200, chatCompletion(body.model, JSON.stringify({ ...DEFAULT_CLASSIFICATION, ...state.classification }), { prompt: 250, completion: 60 }));
      const text = /translate/i.test(system)
        ? `# [${/into ukrainian/i.test(system) ? "uk" : "en"}] ${input.split("\n").find((l) => l.trim())?.replace(/^#\s*/, "") ?? ""}\n\nTranslated excerpt.\n\nTranslated body of the article.`
        : `# Ring news: ${input.split("\n")[0].slice(0, 60)}\n\nA short summary of what happened in the ring.\n\n## Details\n\nThe ring welcomed new members and listings. <script>alert(1)</script>`;
      return send(200, chatCompletion(body.model, text, { prompt: 300, completion: 120 }));
    }
    if (path === "/videos/generations") {
      if (state.mode === "no_request_id") return send(200, {});
      const id = `vid_${nextJob++}`;
      polls.set(id, 0);
      return send(200, { request_id: id });
    }
    const video = /^\/videos\/([\w-]+)$/.exec(path);
    if (video && req.method === "GET") {
      const id = video[1];
      if (!polls.has(id)) return send(404, { error: { message: "no such request" } });
      const seen = polls.get(id)! + 1;
      polls.set(id, seen);
      if (state.mode === "video_failed") return send(200, { status: "failed", error: { code: "internal", message: "render farm on fire" } });
      if (seen <= state.pollsUntilDone) return send(200, { status: "pending", progress: Math.round((seen / (state.pollsUntilDone + 1)) * 100) });
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      return send(200, { status: "done", progress: 100, video: { url: `${origin}/files/${id}.mp4`, duration: 6, respect_moderation: state.mode !== "moderated" }, usage: { cost_in_usd_ticks: 3_000_000_000 } });
    }
    send(404, { error: { message: `no route ${req.method} ${path}` } });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  state.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return state;
}
