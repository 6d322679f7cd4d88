/**
 * `npm start`: builds the app when there is no build of the current sources, then serves it.
 * The fingerprint covers every file that goes into `next build`.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const ROOT = process.cwd();
const INPUTS = ["app", "components", "src", "i18n", "messages", "public", "next.config.ts", "package-lock.json", "postcss.config.mjs", "tsconfig.json"];
const STAMP = path.join(ROOT, ".next", "ringlet-source-hash");

function walk(entry: string, out: string[]) {
  const full = path.join(ROOT, entry);
  if (!existsSync(full)) return;
  if (statSync(full).isDirectory()) {
    for (const child of readdirSync(full).sort()) walk(path.join(entry, child), out);
  } else if (!/\.test\.tsx?$/.test(entry)) out.push(entry);
}

export function sourceHash(): string {
  const files: string[] = [];
  for (const input of INPUTS) walk(input, files);
  const hash = createHash("sha256");
  for (const file of files) hash.update(file).update("\0").update(readFileSync(path.join(ROOT, file))).update("\0");
  return hash.digest("hex");
}

export function ensureBuild(): void {
  const want = sourceHash();
  const have = existsSync(STAMP) ? readFileSync(STAMP, "utf8").trim() : null;
  if (have === want && existsSync(path.join(ROOT, ".next", "BUILD_ID"))) return;
  process.stdout.write("Building Ringlet (first start or sources changed)…\n");
  const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "next", "dist", "bin", "next"), "build"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) {
    process.stderr.write("The build failed; see the output above.\n");
    process.exit(result.status ?? 1);
  }
  writeFileSync(STAMP, want);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  ensureBuild();
  Object.assign(process.env, { NODE_ENV: "production" });
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  await import("../server");
}
