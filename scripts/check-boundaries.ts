/**
 * `npm run lint` part two: the module boundaries (.dependency-cruiser.cjs, docs/ARCHITECTURE.md).
 * One dependency-cruiser pass gives the file-level rule violations (known ones, listed in
 * .dependency-cruiser-known-violations.json, are tolerated until fixed) and the module graph, which
 * must have no cycles between modules beyond the ones issue 21 inherited.
 */
import { spawnSync } from "node:child_process";

/** Groups of modules that depend on each other today (issue 21 breaks them up); a new or larger group fails. */
const KNOWN_MODULE_CYCLES = [["entities", "members", "opportunities"], ["payments", "store"]];

interface Cruise {
  modules: { source: string; dependencies: { resolved: string }[] }[];
  summary: { violations: { from: string; to: string; rule: { name: string; severity: string } }[] };
}

const run = spawnSync(
  process.execPath,
  ["node_modules/dependency-cruiser/bin/dependency-cruise.mjs", "src", "app", "components", "cli", "server.ts", "--config", ".dependency-cruiser.cjs", "--ignore-known", "--output-type", "json"],
  { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
);
if (!run.stdout) {
  process.stderr.write(run.stderr || "dependency-cruiser printed nothing\n");
  process.exit(2);
}
const cruise = JSON.parse(run.stdout) as Cruise;
const problems = cruise.summary.violations.filter((v) => v.rule.severity === "error").map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);

const moduleOf = (file: string) => /^src\/modules\/([^/]+)\//.exec(file)?.[1];
const graph = new Map<string, Set<string>>();
for (const m of cruise.modules) {
  const from = moduleOf(m.source);
  if (!from) continue;
  for (const d of m.dependencies) {
    const to = moduleOf(d.resolved);
    if (to && to !== from) graph.set(from, (graph.get(from) ?? new Set()).add(to));
  }
}
/** Strongly connected components of the module graph (Tarjan): each group of more than one module is a cycle. */
function cycles(): string[][] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const groups: string[][] = [];
  const visit = (v: string) => {
    order.set(v, index);
    low.set(v, index++);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!order.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, order.get(w)!));
    }
    if (low.get(v) === order.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of graph.keys()) if (!order.has(v)) visit(v);
  return groups;
}
for (const group of cycles()) {
  if (!KNOWN_MODULE_CYCLES.some((known) => group.every((m) => known.includes(m)))) problems.push(`no-module-cycles: ${group.join(", ")} depend on each other in a circle`);
}

if (problems.length) {
  process.stderr.write(`${problems.join("\n")}\n\n${problems.length} boundary violation(s): see docs/ARCHITECTURE.md\n`);
  process.exit(1);
}
process.stdout.write(`Module boundaries hold (${cruise.modules.length} files; ${KNOWN_MODULE_CYCLES.length} inherited module cycles and the known violations left to fix).\n`);
