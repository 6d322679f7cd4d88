import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { inject } from "vitest";
import { call } from "./http";

export interface RingMcp {
  client: Client;
  /** Calls a tool and answers its JSON, or `{error}` when the tool refused. */
  tool(name: string, args?: Record<string, unknown>): Promise<any>;
  close(): Promise<void>;
}

/** An API key for the account behind `token`, as a user would create it on their profile. */
export async function apiKeyFor(token: string): Promise<string> {
  const created = await call("/api/v1/me/api-keys", { token, body: { name: "mcp" } });
  if (created.status !== 201) throw new Error(`api key failed: ${created.status}`);
  return created.body.key as string;
}

/** The SDK's own client over Streamable HTTP to /api/mcp, authenticated by an API key. */
export async function connectMcp(apiKey: string | null, baseUrl: string = inject("baseUrl")): Promise<RingMcp> {
  const client = new Client({ name: "ringlet-tests", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(`${baseUrl}/api/mcp`), { requestInit: { headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {} } });
  await client.connect(transport);
  return {
    client,
    async tool(name, args = {}) {
      const result = await client.callTool({ name, arguments: args });
      const text = (result.content as { type: string; text: string }[])[0]?.text ?? "null";
      return JSON.parse(text);
    },
    close: () => client.close(),
  };
}
