import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { Actor } from "./roles";

type UserActor = Extract<Actor, { kind: "user" }>;

/**
 * Signed-in requests skip the session, API-key and account queries: a credential (hashed) maps to its
 * user for at most AUTH_CACHE_TTL_MS (and never past the session's own expiry), a user maps to their
 * actor (role, suspension, blocks) for as long. Both are dropped for a user when anything that changes
 * them happens (role change, suspension, block, sign-out, revoked session or key, password change,
 * deletion): locally at once, and on every other instance through the broadcast the tunnel's fan-out
 * installs. The TTL only bounds what a lost broadcast could leave behind.
 */
interface CredentialEntry {
  userId: string;
  expiresAt: number;
}

interface State {
  credentials: LRUCache<string, CredentialEntry>;
  actors: LRUCache<string, UserActor>;
  credentialsOf: Map<string, Set<string>>;
  /** Bumped by every invalidation: a lookup that started before one must not store what it read. */
  epoch: number;
  broadcast?: (userIds: string[]) => void;
}

const KEY = Symbol.for("ringlet.actorCache");
type Holder = { [KEY]?: State };

export function actorCacheTtlMs(): number {
  const value = Number(process.env.AUTH_CACHE_TTL_MS ?? 30_000);
  return Number.isFinite(value) && value >= 0 ? value : 30_000;
}

function state(): State {
  const g = globalThis as Holder;
  if (!g[KEY]) {
    const ttl = Math.max(1, actorCacheTtlMs());
    const credentialsOf = new Map<string, Set<string>>();
    const credentials = new LRUCache<string, CredentialEntry>({
      max: 20_000,
      ttl,
      dispose: (entry, key) => {
        const keys = credentialsOf.get(entry.userId);
        keys?.delete(key);
        if (keys?.size === 0) credentialsOf.delete(entry.userId);
      },
    });
    g[KEY] = { credentials, actors: new LRUCache({ max: 20_000, ttl }), credentialsOf, epoch: 0 };
  }
  return g[KEY];
}

const enabled = () => actorCacheTtlMs() > 0;

/** The cache key of a bearer token, API key or session cookie: never the secret itself. */
export function credentialKey(kind: "bearer" | "cookie", secret: string): string {
  return createHash("sha256").update(`${kind}\0${secret}`).digest("base64url");
}

/** Read before a lookup, handed back when storing its result (invalidations are rare; a lost store costs one query). */
export function cacheEpoch(): number {
  return state().epoch;
}

export function cachedCredential(key: string, now = Date.now()): string | null {
  if (!enabled()) return null;
  const entry = state().credentials.get(key);
  if (!entry) return null;
  if (entry.expiresAt <= now) {
    state().credentials.delete(key);
    return null;
  }
  return entry.userId;
}

/** Stores a verified credential, unless anything was invalidated since `epoch` was read. */
export function rememberCredential(key: string, userId: string, expiresAt: number, epoch: number): void {
  const s = state();
  if (!enabled() || s.epoch !== epoch) return;
  s.credentials.set(key, { userId, expiresAt });
  let keys = s.credentialsOf.get(userId);
  if (!keys) s.credentialsOf.set(userId, (keys = new Set()));
  keys.add(key);
}

export function cachedActor(userId: string): UserActor | undefined {
  return enabled() ? state().actors.get(userId) : undefined;
}

export function rememberActor(actor: UserActor, epoch: number): void {
  if (enabled() && state().epoch === epoch) state().actors.set(actor.userId, actor);
}

/** Forgets a user's actor and every credential that led to them, in this process only. */
export function evictUsers(userIds: readonly string[]): void {
  const s = state();
  s.epoch++;
  for (const userId of userIds) {
    s.actors.delete(userId);
    for (const key of [...(s.credentialsOf.get(userId) ?? [])]) s.credentials.delete(key);
    s.credentialsOf.delete(userId);
  }
}

/** Forgets users here and on every other instance. Call after the change has committed. */
export function invalidateActors(userIds: readonly string[]): void {
  if (userIds.length === 0) return;
  evictUsers(userIds);
  state().broadcast?.([...userIds]);
}

/** The running process's way to reach other instances (installed with the tunnel's fan-out). */
export function setActorInvalidationBroadcast(broadcast: ((userIds: string[]) => void) | undefined): void {
  state().broadcast = broadcast;
}

export function clearActorCache(): void {
  const s = state();
  s.epoch++;
  s.credentials.clear();
  s.actors.clear();
  s.credentialsOf.clear();
}
