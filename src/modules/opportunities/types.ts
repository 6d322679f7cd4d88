import type { ActorRole } from "@/src/platform/auth/roles";

export const OPPORTUNITY_TYPES = ["request", "offer", "cv", "ring_customization", "partnership", "job", "event", "mentorship", "tender"] as const;
export type OpportunityType = (typeof OPPORTUNITY_TYPES)[number];

/** The role needed to post each type: asking and presenting yourself needs an account; offering needs membership. */
export const TYPE_MIN_ROLE: Record<OpportunityType, ActorRole> = {
  request: "subscriber",
  cv: "subscriber",
  offer: "member",
  ring_customization: "member",
  partnership: "member",
  job: "member",
  event: "member",
  mentorship: "member",
  tender: "member",
};

export const CURRENCIES = ["USD", "EUR", "UAH", "GBP"] as const;
