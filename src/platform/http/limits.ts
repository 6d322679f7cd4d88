/** The largest JSON body any API route accepts. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Uploads (multipart) may be larger: verification documents go up to 10 MB. */
export const MAX_UPLOAD_BYTES = 11 * 1024 * 1024;
export const UPLOAD_PATH = "/api/v1/files";

export function bodyLimitFor(pathname: string): number {
  return pathname === UPLOAD_PATH ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES;
}
