import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export interface ApiRoute {
  /** The URL path with Next's `[param]` placeholders, e.g. `/api/v1/entities/[id]`. */
  route: string;
  methods: Method[];
  params: string[];
}

const API = "app/api";

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? routeFiles(full) : entry === "route.ts" ? [full] : [];
  });
}

/** Every API route of the app with the methods its file exports: the route table the generated tests walk. */
export function apiRoutes(): ApiRoute[] {
  return routeFiles(API)
    .map((file) => {
      const route = `/${path.dirname(file).replace(/^app\//, "")}`;
      const methods = [...readFileSync(file, "utf8").matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1] as Method);
      const params = [...route.matchAll(/\[([a-zA-Z]+)\]/g)].map((m) => m[1]);
      return { route, methods, params };
    })
    .sort((a, b) => a.route.localeCompare(b.route));
}

/** A path for `route` with each `[param]` replaced by `values[param]`, else a fresh uuid (`[kind]`: a real document kind). */
export function concretePath(route: string, values: Record<string, string> = {}): string {
  return route.replace(/\[([a-zA-Z]+)\]/g, (_, name: string) => values[name] ?? (name === "kind" ? "registration" : crypto.randomUUID()));
}
