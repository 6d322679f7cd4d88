import en from "@/messages/en.json";
import uk from "@/messages/uk.json";
import { ringConfig } from "@/src/platform/config/ring-config";
import { OPPORTUNITY_FILTER_CATEGORY_IDS } from "./categories";
import { OPPORTUNITY_TYPES, TYPE_MIN_ROLE } from "./types";

type Labels = Record<string, string>;
const categoryLabels = { en: en.categories as Labels, uk: uk.categories as Labels };
const typeLabels = { en: en.opportunityTypes as Record<string, { label: string; description: string }>, uk: uk.opportunityTypes as Record<string, { label: string; description: string }> };

/** The single category list with labels in both languages (built-ins from messages, extras from ring-config). */
export function categoryList() {
  return [
    ...OPPORTUNITY_FILTER_CATEGORY_IDS.map((id) => ({ id, label: categoryLabels.en[id], labels: { en: categoryLabels.en[id], uk: categoryLabels.uk[id] } })),
    ...ringConfig().extraCategories.map((c) => ({ id: c.id, label: c.label.en, labels: c.label })),
  ];
}

export function typeList() {
  return OPPORTUNITY_TYPES.map((id) => ({
    id,
    label: typeLabels.en[id].label,
    labels: { en: typeLabels.en[id].label, uk: typeLabels.uk[id].label },
    description: { en: typeLabels.en[id].description, uk: typeLabels.uk[id].description },
    minRole: TYPE_MIN_ROLE[id],
  }));
}

/** A category's label in a language, for built-in and ring-config categories alike (the id if unknown). */
export function categoryLabel(id: string, locale: "en" | "uk"): string {
  return categoryList().find((c) => c.id === id)?.labels[locale] ?? id;
}
