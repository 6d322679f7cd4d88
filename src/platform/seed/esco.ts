import { readFileSync } from "node:fs";
import path from "node:path";

export interface Occupation {
  id: string;
  iscoGroup: string;
  title: string;
  altLabels: string[];
  description: string;
}

let cache: Occupation[] | undefined;

/** ESCO occupations shipped in data/esco (ESCO, European Commission, CC BY 4.0). */
export function occupations(): Occupation[] {
  cache ??= readFileSync(path.resolve("data/esco/occupations.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Occupation);
  return cache;
}

export function occupationById(id: string): Occupation {
  const found = occupations().find((o) => o.id === id);
  if (!found) throw new Error(`ESCO occupation ${id} not found in data/esco/occupations.jsonl`);
  return found;
}
