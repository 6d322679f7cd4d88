import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import { actorFromHeaders, bearerToken, SESSION_COOKIE } from "../auth/actor";
import { requireUser } from "../auth/require-user";
import { hasRole, type Actor, type ActorRole } from "../auth/roles";
import { isModuleEnabled, type ModuleName } from "../config/ring-config";
import type { Ctx } from "../context";
import { db } from "../db/client";
import { logger } from "../log/logger";
import { clientIp, REQUEST_ID_HEADER } from "./client-ip";
import { isMalformedInput } from "../db/errors";
import { DomainError, toErrorResponse } from "./errors";
import { MAX_BODY_BYTES } from "./limits";
import { requestLocale } from "./locale";
import { kickOutbox } from "../events/registry";
import { clearMicroCache } from "./micro-cache";
import { budgetKey } from "./limit-key";
import { rateLimit } from "./rate-limit";
import { flattenParams } from "./search-params";



type Params = Promise<Record<string, string | string[]>>;
type Handler = (req: NextRequest, extra: { params: Params }) => Promise<Response>;

export interface RouteOptions {
  /** The route answers 404 when this module is disabled in ring-config. */
  module?: ModuleName;
  /** Which rate limit applies; `auth` for sign-in/sign-up, `api` otherwise. */
  limit?: "auth" | "api" | "none";
}

/** Wraps a route handler: module gate, rate limit, and the one error -> response mapping. */
export function route(handler: Handler, options: RouteOptions = {}): Handler {
  return async (req, extra) => {
    try {
      if (options.module && !isModuleEnabled(options.module)) throw new DomainError("not_found", "Not found");
      const limit = options.limit ?? "api";
      if (limit !== "none") await rateLimit(limit, await limitKey(req, limit));
      const response = await handler(req, extra);
      // A change made through this instance is visible to its visitors at once; other instances within the TTL.
      if (req.method !== "GET" && response.status < 400) {
        clearMicroCache();
        kickOutbox();
      }
      return response;
    } catch (error) {
      const { status, body, headers } = toErrorResponse(error, requestLocale(req));
      const where = { err: error, requestId: req.headers.get(REQUEST_ID_HEADER), path: req.nextUrl.pathname };
      if (status >= 500) logger().error(where, "request failed");
      // Answered as bad input, but a service let it reach the database: worth a look.
      else if (isMalformedInput(error)) logger().warn(where, "unvalidated input reached the database");
      return NextResponse.json(body, { status, headers });
    }
  };
}

async function limitKey(req: NextRequest, kind: "auth" | "api"): Promise<string> {
  const verified = kind === "api" && carriesCredentials(req.headers) ? await verifiedActor(req).catch(() => null) : null;
  return budgetKey(kind, verified, clientIp(req.headers));
}

function carriesCredentials(headers: Headers): boolean {
  return bearerToken(headers) !== null || (headers.get("cookie")?.includes(SESSION_COOKIE) ?? false);
}

/** One verification per request: the rate limit and the handler's context share it (an API key's use counts once). */
const actors = new WeakMap<Request, Promise<Actor>>();
function verifiedActor(req: Request): Promise<Actor> {
  let actor = actors.get(req);
  if (!actor) {
    actor = actorFromHeaders(db(), req.headers);
    actors.set(req, actor);
  }
  return actor;
}

export async function requestContext(req: Request): Promise<Ctx> {
  const database = db();
  const actor = await verifiedActor(req);
  return {
    actor,
    db: database,
    log: logger().child({ requestId: req.headers.get(REQUEST_ID_HEADER), userId: actor.userId }),
    now: () => new Date(),
  };
}

/** The context for a caller who must hold at least `role`: 401 for visitors, 403 (or 404) below it. */
export async function requireRole(req: Request, role: ActorRole, hideAs404 = false): Promise<Ctx & { actor: Extract<Actor, { kind: "user" }> }> {
  const ctx = await requestContext(req);
  const actor = requireUser(ctx.actor);
  if (!hasRole(actor.role, role)) {
    throw hideAs404 ? new DomainError("not_found", "Not found") : new DomainError("forbidden", `This needs the ${role} role`);
  }
  return ctx as Ctx & { actor: Extract<Actor, { kind: "user" }> };
}

/** Reads a JSON body of at most 1 MB: too big -> 413, not JSON -> 400. */
export async function readJson(req: Request): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new DomainError("payload_too_large", "The body is larger than 1 MB");
  const reader = req.body?.getReader();
  if (!reader) throw new DomainError("validation_failed", "A JSON body is required", { "(body)": "Required" });
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new DomainError("payload_too_large", "The body is larger than 1 MB");
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text.trim()) throw new DomainError("validation_failed", "A JSON body is required", { "(body)": "Required" });
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError("validation_failed", "The body is not valid JSON", { "(body)": "Malformed JSON" });
  }
}

export async function parseBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  return schema.parse(await readJson(req));
}

export function parseQuery<S extends z.ZodType>(req: NextRequest, schema: S): z.output<S> {
  return schema.parse(flattenParams(req.nextUrl.searchParams));
}

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return NextResponse.json(data, { status, headers });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}
