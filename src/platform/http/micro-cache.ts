import { LRUCache } from "lru-cache";
import type { Actor } from "../auth/roles";

/**
 * A short-lived in-process cache of anonymous list responses (browse, directory). Visitors all share one
 * view under `canView`, so their answers are identical; signed-in callers are never cached. Entries live
 * MICRO_CACHE_TTL_MS (default 2 s) and are dropped at once when a listing or organisation changes here.
 */
const KEY = Symbol.for("ringlet.microCache");
type Holder = { [KEY]?: LRUCache<string, string> };

function cache(): LRUCache<string, string> {
  const g = globalThis as Holder;
  g[KEY] ??= new LRUCache<string, string>({ max: 1000, ttl: Number(process.env.MICRO_CACHE_TTL_MS ?? 2000) });
  return g[KEY];
}

/** The list endpoints whose anonymous answers are cached. */
export const VISITOR_CACHED_PATHS = new Set(["/api/v1/opportunities", "/api/v1/entities"]);

export function visitorCacheKey(url: URL): string {
  return `${url.pathname}?${url.searchParams}`;
}

/** A cached anonymous answer, if fresh; the custom server answers hits without entering Next. */
export function peekVisitorCache(key: string): string | undefined {
  return cache().get(key);
}

export async function cachedForVisitors(actor: Actor, key: string, compute: () => Promise<unknown>): Promise<string> {
  const ttl = Number(process.env.MICRO_CACHE_TTL_MS ?? 2000);
  if (actor.kind !== "visitor" || ttl <= 0) return JSON.stringify(await compute());
  const hit = cache().get(key);
  if (hit !== undefined) return hit;
  const body = JSON.stringify(await compute());
  cache().set(key, body);
  return body;
}

export function clearMicroCache(): void {
  cache().clear();
}
