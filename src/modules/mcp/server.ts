import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { VISIBILITIES } from "@/src/platform/access/visibility";
import { appUrl } from "@/src/platform/config/env";
import { enabledModules, LOCALES, localized, ringConfig, type ModuleName } from "@/src/platform/config/ring-config";
import type { Ctx } from "@/src/platform/context";
import { DomainError, toErrorResponse } from "@/src/platform/http/errors";
import { getEntity, listEntities } from "@/src/modules/entities/service";
import { generateImages, getVideoJob, startVideoJob, ASPECT_RATIOS } from "@/src/modules/generative/service";
import { explainMatch } from "@/src/modules/matcher/service";
import { createArticle } from "@/src/modules/newsroom/service";
import { listNotifications } from "@/src/modules/notifications/service";
import { categoryList, typeList } from "@/src/modules/opportunities/labels";
import { createOpportunity, getOpportunityDetail, listOpportunities } from "@/src/modules/opportunities/service";
import { OPPORTUNITY_TYPES } from "@/src/modules/opportunities/types";
import { runNow } from "@/src/modules/processes/service";
import { ENTITY_TYPES } from "@/src/modules/entities/types";

const VERSION = "1";

/** A service's answer as a tool result; a refusal or bad input comes back as a tool error with its code (the API's one error mapping), never a crash. */
async function answer(work: () => Promise<unknown>): Promise<CallToolResult> {
  try {
    const result = await work();
    return { content: [{ type: "text", text: JSON.stringify(result ?? { ok: true }) }] };
  } catch (error) {
    const { status, body } = toErrorResponse(error);
    if (status >= 500) throw error;
    return { isError: true, content: [{ type: "text", text: JSON.stringify(body) }] };
  }
}

const absolute = (url: string) => (url.startsWith("/") ? `${appUrl()}${url}` : url);
/** Our own file URLs come back as paths, so a client may pass on what an image tool answered. */
const relative = (url: string) => (url.startsWith(`${appUrl()}/`) ? url.slice(appUrl().length) : url);

/**
 * The ring as a Model Context Protocol server for one caller: every tool runs the same service as
 * the HTTP API with the caller's own role, so `canView` and every permission check apply unchanged.
 * Tools of a disabled module are not offered.
 */
export function ringMcpServer(ctx: Ctx, modules: Record<ModuleName, boolean> = enabledModules()): McpServer {
  const server = new McpServer({ name: "ringlet", version: VERSION }, { capabilities: { tools: {}, resources: {} } });
  const config = ringConfig();

  if (modules.opportunities) {
    server.registerTool(
      "opportunities_search",
      {
        title: "Search opportunities",
        description: "Active listings the caller may see, newest first or by relevance to `q`.",
        inputSchema: { q: z.string().max(200).optional(), type: z.enum(OPPORTUNITY_TYPES).optional(), category: z.string().max(60).optional(), remote: z.boolean().optional(), limit: z.number().int().min(1).max(100).optional(), cursor: z.string().max(500).optional() },
        annotations: { readOnlyHint: true },
      },
      (args) => answer(() => listOpportunities(ctx, { ...args, remote: args.remote === undefined ? undefined : String(args.remote) as "true" | "false" })),
    );
    server.registerTool(
      "opportunity_get",
      { title: "Get an opportunity", description: "One listing by id, if the caller may see it.", inputSchema: { id: z.string().max(100) }, annotations: { readOnlyHint: true } },
      ({ id }) => answer(() => getOpportunityDetail(ctx, id)),
    );
    server.registerTool(
      "opportunity_create",
      {
        title: "Create an opportunity",
        description: "Submits a new listing for review as the caller (subscribers and above).",
        inputSchema: {
          title: z.string(),
          description: z.string(),
          type: z.enum(OPPORTUNITY_TYPES),
          category: z.string(),
          skills: z.array(z.string()).optional(),
          location: z.string().optional(),
          remote: z.boolean().optional(),
          visibility: z.enum(VISIBILITIES).optional(),
          entityId: z.string().optional(),
        },
      },
      (args) =>
        answer(() => {
          if (ctx.actor.kind !== "user") throw new DomainError("unauthenticated", "Sign in first");
          return createOpportunity(ctx, args);
        }),
    );
  }

  if (modules.matcher && modules.opportunities)
    server.registerTool(
      "matcher_explain",
      {
        title: "Explain a match",
        description: "Why a member matched a listing: score breakdown and the model's reason. Admins, the member themself, and the listing's owner only about members who applied.",
        inputSchema: { opportunityId: z.string().max(100), userId: z.string().max(100) },
        annotations: { readOnlyHint: true },
      },
      ({ opportunityId, userId }) => answer(() => explainMatch(ctx, opportunityId, userId)),
    );

  if (modules.entities) {
    server.registerTool(
      "entities_search",
      {
        title: "Search organisations",
        description: "Organisations the caller may see.",
        inputSchema: { q: z.string().max(200).optional(), type: z.enum(ENTITY_TYPES).optional(), verified: z.boolean().optional(), limit: z.number().int().min(1).max(100).optional(), cursor: z.string().max(500).optional() },
        annotations: { readOnlyHint: true },
      },
      (args) => answer(() => listEntities(ctx, { ...args, verified: args.verified === undefined ? undefined : String(args.verified) as "true" | "false" })),
    );
    server.registerTool(
      "entity_get",
      { title: "Get an organisation", description: "One organisation by id, if the caller may see it.", inputSchema: { id: z.string().max(100) }, annotations: { readOnlyHint: true } },
      ({ id }) => answer(() => getEntity(ctx, id)),
    );
  }

  if (modules.notifications)
    server.registerTool(
      "notifications_list",
      { title: "My notifications", description: "The caller's notifications, newest first.", inputSchema: { unreadOnly: z.boolean().optional(), limit: z.number().int().min(1).max(100).optional() }, annotations: { readOnlyHint: true } },
      ({ unreadOnly, limit }) =>
        answer(() => {
          if (ctx.actor.kind !== "user") throw new DomainError("unauthenticated", "Sign in first");
          return listNotifications(ctx, { unread: unreadOnly ? "true" : undefined, limit }, config.defaultLocale);
        }),
    );

  if (modules.generative) {
    server.registerTool(
      "ring-image-create",
      {
        title: "Create an image",
        description: "Generates images from a prompt (members and above, within the daily quota); answers their URLs.",
        inputSchema: { prompt: z.string(), aspectRatio: z.enum(ASPECT_RATIOS).optional(), n: z.number().int().min(1).max(4).optional() },
      },
      (args) =>
        answer(async () => {
          const made = await generateImages(ctx, args);
          return { ...made, items: made.items.map((i) => ({ ...i, url: absolute(i.url) })) };
        }),
    );
    server.registerTool(
      "ring-video-create",
      {
        title: "Create a video",
        description: "Starts a video from a prompt (and optionally a start image); answers a job id to follow with ring-video-status.",
        inputSchema: { prompt: z.string(), imageUrl: z.string().optional(), duration: z.number().int().min(1).max(15).optional(), aspectRatio: z.enum(ASPECT_RATIOS).optional() },
      },
      (args) => answer(() => startVideoJob(ctx, { ...args, imageUrl: args.imageUrl ? relative(args.imageUrl) : undefined })),
    );
    server.registerTool(
      "ring-video-status",
      { title: "Video job status", description: "Progress of a video job; its URL once done.", inputSchema: { jobId: z.string().max(100) }, annotations: { readOnlyHint: true } },
      ({ jobId }) =>
        answer(async () => {
          const job = await getVideoJob(ctx, jobId);
          return { ...job, url: job.url ? absolute(job.url) : null };
        }),
    );
  }

  if (modules.newsroom)
    server.registerTool(
      "news_draft",
      {
        title: "Draft a news article",
        description: "Asks the newsroom's AI for a draft from an instruction and sources (editors and admins); the draft waits for review.",
        inputSchema: { instruction: z.string(), sources: z.array(z.string()).optional(), locale: z.enum(LOCALES), title: z.string().optional() },
      },
      (args) => answer(() => createArticle(ctx, args)),
    );

  if (modules.processes)
    server.registerTool(
      "process_run",
      { title: "Run a pipeline", description: "Starts a pipeline now (admins only); answers the run id for the ledger.", inputSchema: { pipeline: z.string().max(100) } },
      ({ pipeline }) => answer(() => runNow(ctx, pipeline)),
    );

  server.registerResource(
    "categories",
    "ring://categories",
    { title: "Categories and listing types", description: "The ring's listing categories and types, in English and Ukrainian.", mimeType: "application/json" },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify({ categories: categoryList(), types: typeList() }) }] }),
  );
  server.registerResource(
    "config",
    "ring://config",
    { title: "The ring's configuration", description: "Name, tagline, locales and which modules are on.", mimeType: "application/json" },
    async (uri) => ({
      contents: [
        {
          uri: uri.href,
          mimeType: "application/json",
          text: JSON.stringify({ name: config.name, tagline: localized(config.tagline, config.defaultLocale) ?? null, url: appUrl(), defaultLocale: config.defaultLocale, locales: config.locales, modules }),
        },
      ],
    }),
  );
  return server;
}
