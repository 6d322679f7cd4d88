import { eq } from "drizzle-orm";
import { createHash, randomUUID } from "node:crypto";
import path from "node:path";
import { env } from "../config/env";
import type { Actor } from "../auth/roles";
import type { Ctx } from "../context";
import type { Db } from "../db/client";
import { assertUuid, DomainError, isUuid, notFound } from "../http/errors";
import { localBlobStore, type BlobStore } from "./local";
import { s3BlobStore } from "./s3";
import { files } from "./schema";
import { sniffContentType } from "./sniff";

export const UPLOAD_RULES = {
  logo: { types: ["image/png", "image/jpeg", "image/webp", "image/gif"], maxBytes: 1024 * 1024, public: true },
  verification: { types: ["application/pdf", "image/png", "image/jpeg"], maxBytes: 10 * 1024 * 1024, public: false },
  product: { types: ["image/png", "image/jpeg", "image/webp"], maxBytes: 2 * 1024 * 1024, public: true },
  article: { types: ["image/png", "image/jpeg", "image/webp"], maxBytes: 2 * 1024 * 1024, public: true },
  /** What the generative conductors produced; only the server stores these. */
  generated: { types: ["image/png", "image/jpeg", "image/webp", "video/mp4"], maxBytes: 200 * 1024 * 1024, public: true },
} as const;
export type UploadPurpose = keyof typeof UPLOAD_RULES;
/** What a person may upload; generated files come only from the conductors. */
export const USER_UPLOAD_PURPOSES = ["logo", "verification", "product", "article"] as const satisfies readonly UploadPurpose[];

const KEY = Symbol.for("ringlet.blobStore");
type Holder = { [KEY]?: BlobStore };
export function blobStore(): BlobStore {
  const g = globalThis as Holder;
  const e = env();
  g[KEY] ??= e.S3_BUCKET
    ? s3BlobStore({ bucket: e.S3_BUCKET, region: e.S3_REGION, endpoint: e.S3_ENDPOINT, accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY, forcePathStyle: e.S3_FORCE_PATH_STYLE, prefix: e.S3_PREFIX })
    : localBlobStore(path.resolve(e.DATA_DIR, "uploads"));
  return g[KEY];
}

/** Stores an upload after checking its real type (magic bytes) and size for its purpose. */
export async function storeUpload(ctx: Ctx, purpose: UploadPurpose, bytes: Buffer, originalName: string | null) {
  if (ctx.actor.kind !== "user") throw new DomainError("unauthenticated", "Sign in first");
  const rule = UPLOAD_RULES[purpose];
  if (bytes.length === 0) throw new DomainError("validation_failed", "The file is empty", { file: "Empty" });
  if (bytes.length > rule.maxBytes) throw new DomainError("payload_too_large", `The file is larger than ${rule.maxBytes / 1024 / 1024} MB`);
  const type = sniffContentType(bytes);
  if (!type || !(rule.types as readonly string[]).includes(type))
    throw new DomainError("unsupported_media_type", `Only ${rule.types.map((t) => t.split("/")[1].toUpperCase()).join(", ")} files are accepted`, { file: "Unsupported file type" });
  const row = await saveFile(ctx.db, ctx.actor.userId, purpose, bytes, type, originalName);
  return { id: row.id, url: fileUrl(row.id), contentType: row.contentType, size: row.size, purpose: row.purpose };
}

/** Writes checked bytes to the blob store and records who owns them. */
export async function saveFile(db: Db, ownerId: string, purpose: UploadPurpose, bytes: Buffer, contentType: string, originalName: string | null) {
  const id = randomUUID();
  await blobStore().put(id, bytes);
  const [row] = await db
    .insert(files)
    .values({ id, ownerId, purpose, contentType, size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex"), originalName: originalName?.slice(0, 200) ?? null, public: UPLOAD_RULES[purpose].public })
    .returning();
  return row;
}

export const fileUrl = (id: string) => `/api/v1/files/${id}`;

/**
 * Whether the caller may see what a public file shows (an organisation's logo, a product's image):
 * `null` when nothing uses the file, so it stays public. Modules supply it; the kernel knows none.
 */
export type FileAudience = (db: Db, actor: Actor, file: { id: string; purpose: string }) => Promise<boolean | null>;

/**
 * A file's bytes for the caller: private files for their owner and admins; public ones for anyone,
 * unless `audience` says the caller may not see what uses them (a hidden or confidential
 * organisation's logo). Else 404. `cacheable` is true only for files no visibility rule governs.
 */
export async function readUpload(ctx: Ctx, id: string, audience?: FileAudience) {
  assertUuid(id, "File");
  const [row] = await ctx.db.select().from(files).where(eq(files.id, id));
  if (!row) throw notFound("File");
  const privileged = ctx.actor.role === "admin" || (ctx.actor.kind === "user" && ctx.actor.userId === row.ownerId);
  const seen = row.public && audience ? await audience(ctx.db, ctx.actor, row) : null;
  if (!(privileged || (row.public && seen !== false))) throw notFound("File");
  const bytes = await blobStore().get(row.id);
  if (!bytes) throw notFound("File");
  return { bytes, contentType: row.contentType, public: row.public, cacheable: row.public && seen === null };
}

/** The caller's own file of the given purpose, or a 400 naming the field. */
export async function ownFile(ctx: Ctx, id: string, purpose: UploadPurpose, field: string) {
  const [row] = isUuid(id) ? await ctx.db.select().from(files).where(eq(files.id, id)) : [];
  if (!row || row.purpose !== purpose || (ctx.actor.role !== "admin" && row.ownerId !== ctx.actor.userId))
    throw new DomainError("validation_failed", "Upload the file first", { [field]: "Unknown file" });
  return row;
}
