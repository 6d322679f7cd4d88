/** File types recognised by their first bytes (magic numbers), never by name or declared type. */
const SIGNATURES: { type: string; test: (b: Buffer) => boolean }[] = [
  { type: "image/png", test: (b) => b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: "image/jpeg", test: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: "image/webp", test: (b) => b.length > 12 && b.toString("latin1", 0, 4) === "RIFF" && b.toString("latin1", 8, 12) === "WEBP" },
  { type: "image/gif", test: (b) => b.length > 6 && ["GIF87a", "GIF89a"].includes(b.toString("latin1", 0, 6)) },
  { type: "video/mp4", test: (b) => b.length > 12 && b.toString("latin1", 4, 8) === "ftyp" },
  { type: "application/pdf", test: (b) => b.length > 5 && b.toString("latin1", 0, 5) === "%PDF-" },
];

export function sniffContentType(bytes: Buffer): string | null {
  return SIGNATURES.find((s) => s.test(bytes))?.type ?? null;
}
