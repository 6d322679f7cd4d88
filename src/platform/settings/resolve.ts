import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { DomainError, type FieldErrors } from "../http/errors";
import { platformSettings } from "./schema";
import { SETTINGS, findSetting, type SettingDefinition } from "./definitions";
import { openSecret, sealSecret } from "./secret-box";

export type SettingSource = "env" | "db" | "default";
export type EnvSource = Record<string, string | undefined>;
export interface ResolvedSetting {
  value: unknown;
  source: SettingSource;
  secret?: boolean;
  set?: boolean;
}
export type ResolvedSettings = Record<string, ResolvedSetting>;

function fromEnv(def: SettingDefinition, envSource: EnvSource): { ok: true; value: unknown } | { ok: false } {
  const raw = envSource[def.name];
  if (raw === undefined || raw === "") return { ok: false };
  const parsed = def.schema.safeParse(def.fromString(raw));
  // An env value that does not parse is ignored rather than crashing every request; start-up logs it.
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false };
}

/**
 * The stored values, read as JSON text and parsed here: the jsonb column's own mapping would read a
 * string that happens to be JSON text (`{"UAH": 0.024}`, `123`) as that JSON rather than as a string.
 */
async function readStored(db: Db): Promise<{ name: string; value: unknown }[]> {
  const rows = await db.select({ name: platformSettings.name, json: sql<string>`${platformSettings.value}::text` }).from(platformSettings);
  return rows.map((r) => ({ name: r.name, value: JSON.parse(r.json) as unknown }));
}

/** Every setting with its effective value and where it came from: env > database > default. */
export async function resolveSettings(db: Db, envSource: EnvSource = process.env): Promise<ResolvedSettings> {
  const rows = await readStored(db);
  const stored = new Map(rows.map((r) => [r.name, findSetting(r.name)?.secret ? openSecret(r.name, r.value) : r.value]));
  const out: ResolvedSettings = {};
  for (const def of SETTINGS as readonly SettingDefinition[]) {
    const e = fromEnv(def, envSource);
    let resolved: ResolvedSetting;
    if (e.ok) resolved = { value: e.value, source: "env" };
    else if (stored.has(def.name) && def.schema.safeParse(stored.get(def.name)).success)
      resolved = { value: stored.get(def.name), source: "db" };
    else resolved = { value: def.default, source: "default" };
    if (def.secret) resolved.secret = true;
    out[def.name] = resolved;
  }
  return out;
}

export async function getSetting<T>(db: Db, name: string, envSource: EnvSource = process.env): Promise<T> {
  const all = await resolveSettings(db, envSource);
  if (!(name in all)) throw new Error(`Unknown setting ${name}`);
  return all[name].value as T;
}

/** What the API and the admin page show: secrets never leave the server. */
export function redactSettings(settings: ResolvedSettings): ResolvedSettings {
  return Object.fromEntries(
    Object.entries(settings).map(([name, s]) =>
      s.secret ? [name, { value: null, source: s.source, secret: true, set: s.value !== null && s.value !== undefined }] : [name, s],
    ),
  );
}

export interface SettingChange {
  name: string;
  value: unknown;
}

/** Validates a whole patch before writing any of it: unknown names and bad values -> 400, env-pinned -> 409. */
export function validateSettingsPatch(
  patch: Record<string, unknown>,
  envSource: EnvSource = process.env,
): SettingChange[] {
  const fields: FieldErrors = {};
  const pinned: string[] = [];
  const changes: SettingChange[] = [];
  for (const [name, value] of Object.entries(patch)) {
    const def = findSetting(name);
    if (!def) {
      fields[name] = "Unknown setting";
      continue;
    }
    if (fromEnv(def, envSource).ok) pinned.push(name);
    // null clears the stored value: the setting falls back to its default.
    if (value === null || (def.secret && value === "")) {
      changes.push({ name, value: null });
      continue;
    }
    const parsed = def.schema.safeParse(value);
    if (!parsed.success) {
      fields[name] = parsed.error.issues[0]?.message ?? "Invalid value";
      continue;
    }
    changes.push({ name, value: parsed.data });
  }
  if (Object.keys(fields).length) throw new DomainError("validation_failed", "Some settings are invalid", fields);
  if (changes.length === 0) throw new DomainError("validation_failed", "Nothing to change", { "(body)": "Empty patch" });
  if (pinned.length)
    throw new DomainError(
      "conflict",
      `Pinned by the environment: ${pinned.join(", ")}. Change the environment variable instead.`,
      Object.fromEntries(pinned.map((n) => [n, "Set by environment variable"])),
    );
  return changes;
}

const asJsonb = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

/** Secret settings are written sealed (AES-256-GCM); see secret-box.ts. */
export async function writeSettings(db: Db, changes: SettingChange[], actorId: string | null): Promise<void> {
  const toDelete = changes.filter((c) => c.value === null).map((c) => c.name);
  if (toDelete.length) await db.delete(platformSettings).where(inArray(platformSettings.name, toDelete));
  for (const c of changes.filter((c) => c.value !== null)) {
    const value = asJsonb(findSetting(c.name)?.secret && typeof c.value === "string" ? sealSecret(c.name, c.value) : c.value);
    await db
      .insert(platformSettings)
      .values({ name: c.name, value, updatedBy: actorId, updatedAt: new Date() })
      .onConflictDoUpdate({
        target: platformSettings.name,
        set: { value, updatedBy: actorId, updatedAt: new Date() },
      });
  }
}

/**
 * Seals secret settings still stored as plaintext (written before secrets were sealed); runs at every
 * start, so backups taken afterwards carry them encrypted. Answers how many it sealed.
 */
export async function sealStoredSecrets(db: Db): Promise<number> {
  const names = (SETTINGS as readonly SettingDefinition[]).filter((d) => d.secret).map((d) => d.name);
  const plain = (await readStored(db)).filter((r) => names.includes(r.name) && typeof r.value === "string");
  for (const row of plain) {
    await db.update(platformSettings).set({ value: asJsonb(sealSecret(row.name, row.value as string)) }).where(eq(platformSettings.name, row.name));
  }
  return plain.length;
}
