import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

/**
 * `npm run mcp`: the ring's MCP server on stdin/stdout for desktop agents. It relays every message
 * to the running ring's /api/mcp with the user's API key, so the tools run in the server with that
 * user's role, against either database, while the app keeps running.
 */
const url = new URL("/api/mcp", process.env.RINGLET_URL ?? `http://localhost:${process.env.PORT ?? 3000}`);
const key = process.env.RINGLET_API_KEY;
if (!key) {
  process.stderr.write("Set RINGLET_API_KEY to an API key (create one on your profile page) and RINGLET_URL to the ring's address.\n");
  process.exit(2);
}

const local = new StdioServerTransport();
const remote = new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${key}` } } });

function failed(message: JSONRPCMessage, error: Error) {
  process.stderr.write(`ringlet mcp: ${error.message}\n`);
  if ("id" in message && "method" in message) void local.send({ jsonrpc: "2.0", id: message.id, error: { code: -32603, message: `The ring at ${url.origin} did not answer: ${error.message}` } });
}

local.onmessage = (message) => void remote.send(message).catch((error: Error) => failed(message, error));
remote.onmessage = (message) => void local.send(message);
remote.onerror = (error) => process.stderr.write(`ringlet mcp: ${error.message}\n`);
local.onclose = () => void remote.close().finally(() => process.exit(0));

await remote.start();
await local.start();
