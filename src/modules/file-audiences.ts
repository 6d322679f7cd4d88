import type { Ctx } from "@/src/platform/context";
import { readUpload, type FileAudience, type UploadPurpose } from "@/src/platform/storage/service";
import { logoVisibleTo } from "./entities/service";
import { productImageVisibleTo } from "./store/products";

/** Each module that shows public files says who may see what uses them (the kernel's storage knows no module). */
const AUDIENCES: Partial<Record<UploadPurpose, FileAudience>> = {
  logo: (db, actor, file) => logoVisibleTo(db, actor, file.id),
  product: (db, actor, file) => productImageVisibleTo(db, actor, file.id),
};

const audience: FileAudience = async (db, actor, file) => AUDIENCES[file.purpose as UploadPurpose]?.(db, actor, file) ?? null;

/** The file route's read: a hidden or confidential organisation's logo and its products' images only for those who may see them. */
export function readServedFile(ctx: Ctx, id: string) {
  return readUpload(ctx, id, audience);
}
