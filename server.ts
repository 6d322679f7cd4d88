import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import next from "next";
import { appUrl, env } from "./src/platform/config/env";
import { openAppDatabase } from "./src/platform/boot";
import { withinBodyLimit } from "./src/platform/http/body-limit";
import { clientAddressFrom, CLIENT_IP_HEADER, REQUEST_ID_HEADER, trustedProxyHops } from "./src/platform/http/client-ip";
import { isCrossSiteRefused } from "./src/platform/http/cross-site";
import { originPolicy } from "./src/platform/http/origin-policy";
import { SESSION_COOKIE } from "./src/platform/auth/actor";
import { DomainError, toErrorResponse } from "./src/platform/http/errors";
import { bodyLimitFor } from "./src/platform/http/limits";
import { peekVisitorCache, VISITOR_CACHED_PATHS, visitorCacheKey } from "./src/platform/http/micro-cache";
import { rateLimit } from "./src/platform/http/rate-limit";
import { logger } from "./src/platform/log/logger";
import { credentialsNotice } from "./src/platform/seed/credentials-notice";
import { credentialsFile, ensureAdminEmails, firstStart } from "./src/platform/seed/seed";
import { EVENT_HANDLERS } from "./src/modules/handlers";
import { PIPELINES } from "./src/modules/processes/pipelines";
import { startScheduler } from "./src/modules/processes/scheduler";
import { registerEventHandler } from "./src/platform/events/registry";
import { startWorkers } from "./src/platform/workers";
import { authSecret } from "./src/platform/auth/auth";
import { isModuleEnabled } from "./src/platform/config/ring-config";
import { SSE_PATH, startTunnel, WS_PATH } from "./src/modules/tunnel/server";
import { answerWebhook, WEBHOOK_PATHS } from "./src/modules/payments/webhook-server";
import { answerMetrics, METRICS_PATH, outboxLagSource } from "./src/platform/metrics/endpoint";
import { metrics, routeLabel } from "./src/platform/metrics/metrics";
import { FastReads } from "./src/platform/http/fast-path";

const dev = process.argv.includes("--dev");
const e = env();
const log = logger();

const proxyHops = trustedProxyHops(e);

/** The reads every signed-in page and client makes most (see FastReads): the route files' own GET handlers. */
const fastReads = new FastReads(
  {
    "/api/v1/opportunities": () => import("./app/api/v1/opportunities/route"),
    "/api/v1/entities": () => import("./app/api/v1/entities/route"),
    "/api/v1/me": () => import("./app/api/v1/me/route"),
    "/api/v1/me/notifications": () => import("./app/api/v1/me/notifications/route"),
  },
  dev,
);

function clientAddress(req: IncomingMessage): string {
  return clientAddressFrom(req.socket.remoteAddress, req.headers["x-forwarded-for"], proxyHops);
}

function answerError(res: ServerResponse, error: unknown) {
  const { status, body, headers } = toErrorResponse(error);
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/**
 * Answers without reading the body, then drops what the client still sends, up to a point: closing
 * under a client that is still writing resets the connection, and it would never read the answer.
 */
const LINGER_BYTES = 8 * 1024 * 1024;
const LINGER_MS = 5_000;
function refuseUnread(req: IncomingMessage, res: ServerResponse, error: DomainError) {
  answerError(res, error);
  let dropped = 0;
  const close = () => req.socket.destroy();
  const timer = setTimeout(close, LINGER_MS).unref();
  req.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) close();
  });
  req.on("end", () => clearTimeout(timer));
  req.resume();
}

const crossSiteRefusal = () => new DomainError("forbidden", "Cross-site request refused: send it from this site's pages, or with a bearer token or API key");

function printCredentials(c: NonNullable<Awaited<ReturnType<typeof firstStart>>>) {
  process.stdout.write(credentialsNotice(c, { production: process.env.NODE_ENV === "production", tty: Boolean(process.stdout.isTTY) }));
}

/** A fresh anonymous list answer straight from the micro-cache, still under the API rate limit. */
async function answerFromCache(req: IncomingMessage, res: ServerResponse, body: string) {
  try {
    await rateLimit("api", `ip:${req.headers[CLIENT_IP_HEADER]}`);
    res.writeHead(200, { "content-type": "application/json", "x-cache": "hit" });
    res.end(body);
  } catch (error) {
    answerError(res, error);
  }
}

async function main() {
  const started = Date.now();
  if (!e.BACKGROUND_WORKERS && !e.DATABASE_URL) throw new Error("BACKGROUND_WORKERS=false needs DATABASE_URL: with the embedded database this process is the only one that can do the work");
  const database = await openAppDatabase(e);
  const credentials = await firstStart(database.db, e);
  const admins = await ensureAdminEmails(database.db, e);
  if (admins.created.length) log.info({ accounts: admins.created, file: credentialsFile(e) }, "ADMIN_EMAILS accounts created; their passwords are in the credentials file");
  if (admins.unverified.length) log.warn({ accounts: admins.unverified }, "ADMIN_EMAILS accounts stay as they are until their address is verified");
  // Next attaches its own "upgrade" listener to the server of its first request, which would answer
  // (and close) tunnel upgrades too. Hand it an inert emitter; this file routes upgrades itself.
  const upgradeSink = new EventEmitter() as Server;
  const app = next({ dev, dir: process.cwd(), hostname: "localhost", port: e.PORT, httpServer: upgradeSink });
  await app.prepare();
  const handle = app.getRequestHandler();
  const upgrade = dev ? app.getUpgradeHandler() : null;
  EVENT_HANDLERS.forEach(registerEventHandler);
  const workers = e.BACKGROUND_WORKERS ? await startWorkers(database, e, log) : null;
  const tunnel = isModuleEnabled("tunnel") ? await startTunnel({ db: database.db, env: e, log: log.child({ worker: "tunnel" }), secret: authSecret() }) : null;
  const scheduler = e.SCHEDULER === "internal" && e.BACKGROUND_WORKERS ? startScheduler(database.db, PIPELINES, log.child({ worker: "scheduler" })) : null;

  const { httpDuration, sources } = metrics();
  sources.outboxLagSeconds = outboxLagSource(database.db);
  if (tunnel) sources.tunnelConnections = tunnel.connections;

  const allowedOrigins = originPolicy(database.db, e);
  const refusedAsCrossSite = async (req: IncomingMessage, isUpgrade: boolean) => {
    const header = (name: string) => (typeof req.headers[name] === "string" ? (req.headers[name] as string) : undefined);
    const signals = {
      method: req.method ?? "GET",
      path: (req.url ?? "/").split("?")[0],
      origin: header("origin"),
      secFetchSite: header("sec-fetch-site"),
      hasSessionCookie: req.headers.cookie?.includes(SESSION_COOKIE) ?? false,
      // Only a bearer token replaces the cookie (actorFromHeaders); Basic or Negotiate credentials a browser
      // attaches by itself do not, so they exempt nothing.
      hasBearerToken: /^bearer \s*\S/i.test(header("authorization") ?? ""),
      isUpgrade,
    };
    // Most requests are reads or carry no cookie: decide those without looking up the setting.
    return isCrossSiteRefused(signals, new Set()) && isCrossSiteRefused(signals, await allowedOrigins());
  };

  const server = createServer((req, res) => {
    const requestId = (typeof req.headers[REQUEST_ID_HEADER] === "string" && req.headers[REQUEST_ID_HEADER].slice(0, 64)) || randomUUID();
    req.headers[REQUEST_ID_HEADER] = requestId;
    req.headers[CLIENT_IP_HEADER] = clientAddress(req);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const t0 = process.hrtime.bigint();
    res.on("finish", () => {
      if (req.url?.startsWith("/_next/")) return;
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const path = req.url?.split("?")[0] ?? "/";
      if (path !== METRICS_PATH) httpDuration.observe({ method: req.method ?? "GET", route: routeLabel(path, res.statusCode), status: String(res.statusCode) }, ms / 1000);
      log.info({ requestId, method: req.method, path: req.url?.split("?")[0], status: res.statusCode, ms: Math.round(ms * 10) / 10 }, "request");
    });
    void serve(req, res);
  });

  async function serve(incoming: IncomingMessage, res: ServerResponse) {
    const path = (incoming.url ?? "/").split("?")[0];
    try {
      if (await refusedAsCrossSite(incoming, false)) return refuseUnread(incoming, res, crossSiteRefusal());
    } catch (error) {
      return answerError(res, error);
    }
    const limit = bodyLimitFor(path);
    // Counted here, before Better Auth, webhooks, uploads or MCP read a byte, whatever the encoding.
    const req = path.startsWith("/api/") ? await withinBodyLimit(incoming, limit).catch(() => undefined) : incoming;
    // The client broke off mid-body: nobody is left to answer.
    if (req === undefined) return void res.destroy();
    if (req === null) return refuseUnread(incoming, res, new DomainError("payload_too_large", `The body is larger than ${Math.round(limit / 1024 / 1024)} MB`));
    if (tunnel && path === SSE_PATH) return tunnel.handleSse(req, res);
    if (path === METRICS_PATH) return void answerMetrics(req, res, e.METRICS_TOKEN);
    if (WEBHOOK_PATHS.has(path)) return void answerWebhook(database.db, req, res);
    if (req.method === "GET" && !req.headers.authorization && !req.headers.cookie?.includes(SESSION_COOKIE)) {
      const url = new URL(req.url ?? "/", "http://local");
      const hit = VISITOR_CACHED_PATHS.has(url.pathname) ? peekVisitorCache(visitorCacheKey(url)) : undefined;
      if (hit !== undefined) return void answerFromCache(req, res, hit);
    }
    if (!dev && fastReads.handles(req.method, path)) return void fastReads.answer(req, res, appUrl(e)).catch((error) => answerError(res, error));
    void handle(req, res);
  }

  server.on("upgrade", (req, socket, head) => {
    req.headers[CLIENT_IP_HEADER] = clientAddress(req);
    if (tunnel && req.url?.split("?")[0] === WS_PATH) {
      void refusedAsCrossSite(req, true).then(
        (refused) => (refused ? socket.end("HTTP/1.1 403 Forbidden\r\nconnection: close\r\ncontent-length: 0\r\n\r\n") : tunnel.handleUpgrade(req, socket, head)),
        () => socket.destroy(),
      );
      return;
    }
    if (upgrade && req.url?.startsWith("/_next/")) return void upgrade(req, socket, head);
    socket.destroy();
  });
  server.listen(e.PORT, e.HOST, () => {
    if (credentials) printCredentials(credentials);
    log.info({ port: e.PORT, db: database.kind, tunnel: tunnel?.fanout.kind ?? "off", startupMs: Date.now() - started, dev }, `Ringlet listening on http://localhost:${e.PORT}`);
  });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, "shutting down");
    server.close();
    server.closeAllConnections();
    scheduler?.stop();
    await tunnel?.stop();
    await workers?.stop();
    await database.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((err) => {
  process.stderr.write(`\nRinglet could not start:\n${err instanceof Error ? err.message : String(err)}\n`);
  if (process.env.LOG_LEVEL === "debug") console.error(err);
  process.exit(1);
});
