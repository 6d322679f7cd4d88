import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/** The storage port: bytes by key. Local disk under DATA_DIR/uploads; an S3 adapter can implement the same. */
export interface BlobStore {
  put(key: string, bytes: Buffer): Promise<void>;
  get(key: string): Promise<Buffer | null>;
  remove(key: string): Promise<void>;
}

export function localBlobStore(root: string): BlobStore {
  const full = (key: string) => {
    if (!/^[0-9a-f-]{36}$/.test(key)) throw new Error("invalid storage key");
    return path.join(root, key.slice(0, 2), key);
  };
  return {
    async put(key, bytes) {
      await mkdir(path.dirname(full(key)), { recursive: true });
      await writeFile(full(key), bytes, { mode: 0o600 });
    },
    async get(key) {
      try {
        return await readFile(full(key));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw e;
      }
    },
    async remove(key) {
      await rm(full(key), { force: true });
    },
  };
}
