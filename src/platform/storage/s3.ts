import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { BlobStore } from "./local";

export interface S3Settings {
  bucket: string;
  region: string;
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  prefix: string;
}

/** Any S3-compatible store (AWS, MinIO, R2, …): private objects under `prefix`, read back only through the app. */
export function s3BlobStore(s: S3Settings, client?: S3Client): BlobStore {
  const s3 =
    client ??
    new S3Client({
      region: s.region,
      endpoint: s.endpoint,
      forcePathStyle: s.forcePathStyle,
      credentials: s.accessKeyId && s.secretAccessKey ? { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey } : undefined,
    });
  const key = (k: string) => {
    if (!/^[0-9a-f-]{36}$/.test(k)) throw new Error("invalid storage key");
    return `${s.prefix}${k}`;
  };
  return {
    async put(k, bytes) {
      await s3.send(new PutObjectCommand({ Bucket: s.bucket, Key: key(k), Body: bytes, ContentLength: bytes.length }));
    },
    async get(k) {
      try {
        const out = await s3.send(new GetObjectCommand({ Bucket: s.bucket, Key: key(k) }));
        return out.Body ? Buffer.from(await out.Body.transformToByteArray()) : null;
      } catch (e) {
        if (e instanceof NoSuchKey || (e as { name?: string }).name === "NoSuchKey" || (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
        throw e;
      }
    },
    async remove(k) {
      await s3.send(new DeleteObjectCommand({ Bucket: s.bucket, Key: key(k) }));
    },
  };
}
