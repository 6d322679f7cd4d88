import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { ringMcpServer } from "@/src/modules/mcp/server";
import { DomainError } from "@/src/platform/http/errors";
import { requestContext, route } from "@/src/platform/http/route";

/**
 * Model Context Protocol over Streamable HTTP, stateless: each request builds a server for its
 * caller (API key or session token as `Authorization: Bearer`), so any instance can answer it.
 */
async function handle(req: Request): Promise<Response> {
  const ctx = await requestContext(req);
  if (ctx.actor.kind !== "user") throw new DomainError("unauthenticated", "Send your API key as Authorization: Bearer <key>", undefined, { "www-authenticate": 'Bearer realm="ringlet"' });
  const server = ringMcpServer(ctx);
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  try {
    return await transport.handleRequest(req);
  } finally {
    await server.close();
  }
}

export const POST = route(handle);
export const GET = route(handle);
export const DELETE = route(handle);
