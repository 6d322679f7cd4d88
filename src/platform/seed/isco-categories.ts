import type { BuiltInCategoryId } from "@/src/modules/opportunities/categories";

/** Which opportunity categories an ISCO occupation group most plausibly belongs to (most specific prefix wins). */
const BY_PREFIX: [string, BuiltInCategoryId[]][] = [
  ["25", ["technology", "module_development"]],
  ["2521", ["database_migration", "technology"]],
  ["2166", ["branding_customization"]],
  ["2643", ["localization", "documentation_training"]],
  ["2641", ["documentation_training"]],
  ["2642", ["documentation_training", "other"]],
  ["241", ["finance"]],
  ["242", ["business"]],
  ["243", ["business"]],
  ["23", ["education", "documentation_training"]],
  ["22", ["healthcare"]],
  ["32", ["healthcare"]],
  ["21", ["technology"]],
  ["31", ["technology"]],
  ["35", ["technology", "platform_deployment"]],
  ["133", ["technology", "platform_deployment"]],
  ["12", ["business"]],
  ["13", ["business"]],
  ["14", ["business"]],
  ["11", ["business"]],
  ["33", ["business", "finance"]],
  ["331", ["finance"]],
  ["4", ["business"]],
  ["5", ["other"]],
  ["26", ["other"]],
  ["34", ["other"]],
];

export function categoriesForIscoGroup(group: string): BuiltInCategoryId[] {
  let best: [string, BuiltInCategoryId[]] | undefined;
  for (const entry of BY_PREFIX) if (group.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  return best?.[1] ?? ["other"];
}
