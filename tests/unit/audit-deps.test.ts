import { execFile } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * `scripts/audit-deps.sh` (run by CI) against a registry on 127.0.0.1 that answers npm's bulk
 * advisory endpoint the way the public registry does, or refuses it the way this machine's does.
 */
type Answer = "clean" | "high" | "refused";
let answer: Answer = "clean";
let registry: http.Server;
let url = "";

beforeAll(async () => {
  registry = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (!req.url?.startsWith("/-/npm/v1/security/advisories/bulk")) {
        res.writeHead(404, { "content-type": "application/json" });
        return res.end("{}");
      }
      if (answer === "refused") {
        res.writeHead(405);
        return res.end("Method Not Allowed");
      }
      const advisories = answer === "high" ? { zod: [{ id: 1, url: "http://127.0.0.1/advisories/1", title: "Test advisory", severity: "high", vulnerable_versions: "<99.0.0", cwe: [], cvss: { score: 7.5 } }] } : {};
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(advisories));
    });
  });
  await new Promise<void>((resolve) => registry.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(registry.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => registry.close(() => resolve())));

function audit(env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile("bash", ["scripts/audit-deps.sh", "--registry", url], { env: { ...process.env, AUDIT_REQUIRED: "0", ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, out: stdout + stderr });
    });
  });
}

describe("dependency audit", () => {
  it("passes when the registry knows no advisory for our production dependencies", async () => {
    answer = "clean";
    const { code, out } = await audit();
    expect(out).toContain("no high or critical advisories");
    expect(code).toBe(0);
  });

  it("fails on a high advisory and names the package", async () => {
    answer = "high";
    const { code, out } = await audit();
    expect(out).toMatch(/zod/);
    expect(out).toContain("dependency audit: failed");
    expect(code).toBe(1);
  });

  it("says a registry without advisories left it unaudited; AUDIT_REQUIRED=1 makes that a failure", async () => {
    answer = "refused";
    const lenient = await audit();
    expect(lenient.out).toContain("NOT AUDITED");
    expect(lenient.out).toContain("405");
    expect(lenient.code).toBe(0);
    const strict = await audit({ AUDIT_REQUIRED: "1" });
    expect(strict.code).toBe(1);
  });
});
