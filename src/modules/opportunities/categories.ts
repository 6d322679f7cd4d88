import { ringConfig } from "@/src/platform/config/ring-config";

/** The single list of opportunity categories: form, filters, API validation and labels all read it. */
export const OPPORTUNITY_FILTER_CATEGORY_IDS = [
  "technology",
  "business",
  "education",
  "healthcare",
  "finance",
  "platform_deployment",
  "module_development",
  "branding_customization",
  "database_migration",
  "localization",
  "payment_integration",
  "smart_contracts",
  "ai_customization",
  "token_economics",
  "documentation_training",
  "other",
] as const;

export type BuiltInCategoryId = (typeof OPPORTUNITY_FILTER_CATEGORY_IDS)[number];

/** Built-in ids plus the ring's `extraCategories`. */
export function categoryIds(): string[] {
  return [...OPPORTUNITY_FILTER_CATEGORY_IDS, ...ringConfig().extraCategories.map((c) => c.id)];
}

export function isCategoryId(id: string): boolean {
  return categoryIds().includes(id);
}
