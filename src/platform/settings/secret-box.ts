import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { authSecret } from "../auth/secret";
import { env } from "../config/env";
import { logger } from "../log/logger";

/** Its own HKDF label, so this key is never the key of anything else derived from the same secret. */
const KEY_INFO = "ringlet/platform-settings/aes-256-gcm/v1";
const VERSION = "v1";

/** How a secret setting is stored: AES-256-GCM, `v1.<iv>.<tag>.<ciphertext>` (base64url), bound to the setting's name. */
export interface SealedSecret {
  sealed: string;
}

const keys = new Map<string, Buffer>();

function settingsKey(): Buffer {
  const source = env().SETTINGS_ENCRYPTION_KEY ?? authSecret();
  let key = keys.get(source);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", source, Buffer.alloc(0), KEY_INFO, 32));
    keys.set(source, key);
  }
  return key;
}

export function isSealed(value: unknown): value is SealedSecret {
  return typeof value === "object" && value !== null && typeof (value as SealedSecret).sealed === "string" && (value as SealedSecret).sealed.startsWith(`${VERSION}.`);
}

export function sealSecret(name: string, plaintext: string): SealedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", settingsKey(), iv);
  cipher.setAAD(Buffer.from(name));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return { sealed: [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".") };
}

/**
 * The plaintext of a stored secret setting: a sealed value is opened; a plain string (stored before
 * secrets were sealed) is read as it is until it is sealed. A value that does not open (the key
 * changed, or the row was edited) counts as not set, with a warning, rather than failing every request.
 */
export function openSecret(name: string, stored: unknown): unknown {
  if (!isSealed(stored)) return stored;
  const [, iv, tag, ciphertext] = stored.sealed.split(".");
  try {
    const decipher = createDecipheriv("aes-256-gcm", settingsKey(), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(name));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    logger().warn({ setting: name }, "a stored secret setting does not decrypt (SETTINGS_ENCRYPTION_KEY or BETTER_AUTH_SECRET changed?); treating it as not set");
    return null;
  }
}
