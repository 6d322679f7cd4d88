import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chatCompletion } from "./chat-completion";
import { readJsonBody } from "./read-body";

export type FakeMode = "ok" | "malformed" | "slow" | "rate_limited_once" | "error";

export interface FakeLlm {
  /** `http://127.0.0.1:port/v1`, the base URL both SDK providers take. */
  baseUrl: string;
  mode: FakeMode;
  /** Confidence the fake gives its best candidate. */
  confidence: number;
  requests: { path: string; body: any }[];
  close(): Promise<void>;
}


function promptOf(body: any): string {
  const messages = (body.messages ?? []) as { content: unknown }[];
  return messages
    .map((m) => (typeof m.content === "string" ? m.content : Array.isArray(m.content) ? m.content.map((p: { text?: string }) => p.text ?? "").join("\n") : ""))
    .join("\n");
}

/** Judges every `cN:` line of the prompt: c1 best, then descending. */
function judge(prompt: string, confidence: number) {
  const labels = [...prompt.matchAll(/^(c\d+):/gm)].map((m) => m[1]);
  return { matches: labels.map((candidate, i) => ({ candidate, score: Math.max(0, 95 - i * 10), confidence: Math.max(0, confidence - i * 0.05), reason: `Fits: rank ${i + 1}` })) };
}

/**
 * An HTTP server on 127.0.0.1 that answers like OpenAI's chat completions (also xAI's) and
 * Anthropic's messages API, with switchable failure modes, so the real SDK clients are exercised.
 */
export async function startFakeLlm(): Promise<FakeLlm> {
  let rateLimited = false;
  const state: FakeLlm = {
    baseUrl: "",
    mode: "ok",
    confidence: 0.9,
    requests: [],
    close: () => new Promise((r) => server.close(() => r())),
  };
  const server: Server = createServer(async (req, res) => {
    const body = await readJsonBody(req);
    state.requests.push({ path: req.url ?? "", body });
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    if (state.mode === "slow") await new Promise((r) => setTimeout(r, 3_000));
    if (state.mode === "error") return send(500, { error: { message: "internal error", type: "server_error" } });
    if (state.mode === "rate_limited_once" && !rateLimited) {
      rateLimited = true;
      res.setHeader("retry-after", "0");
      return send(429, { error: { message: "rate limited", type: "rate_limit_error" } });
    }
    const answer = judge(promptOf(body), state.confidence);
    const text = state.mode === "malformed" ? "I think c1 fits best, honestly." : JSON.stringify(answer);
    if (req.url?.endsWith("/chat/completions")) {
      return send(200, chatCompletion(body.model, text, { prompt: 420, completion: 80 }));
    }
    if (req.url?.endsWith("/messages")) {
      const tool = (body.tools ?? [])[0] as { name: string } | undefined;
      const content =
        tool && state.mode !== "malformed"
          ? [{ type: "tool_use", id: "toolu_fake", name: tool.name, input: answer }]
          : [{ type: "text", text }];
      return send(200, {
        id: "msg_fake",
        type: "message",
        role: "assistant",
        model: body.model,
        content,
        stop_reason: tool ? "tool_use" : "end_turn",
        stop_sequence: null,
        usage: { input_tokens: 420, output_tokens: 80 },
      });
    }
    send(404, { error: { message: `no route ${req.url}` } });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  state.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return state;
}
