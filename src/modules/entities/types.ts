/** Industry types of an organisation; labels live in messages under `entityTypes`. */
export const ENTITY_TYPES = [
  "technology_software",
  "manufacturing_industry",
  "financial_services",
  "healthcare_medical",
  "education_training",
  "real_estate_construction",
  "retail_ecommerce",
  "professional_services",
  "media_entertainment",
  "transportation_logistics",
  "energy_utilities",
  "agriculture_food",
  "government_public_sector",
  "non_profit",
  "research_development",
  "consulting_advisory",
  "legal_services",
  "marketing_advertising",
  "hospitality_tourism",
  "sports_recreation",
  "arts_culture",
  "environmental_services",
  "telecommunications",
  "pharmaceuticals",
  "other",
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export const ENTITY_STATUSES = ["active", "hidden"] as const;
