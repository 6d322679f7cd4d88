export const NOTIFICATION_TYPES = [
  "opportunity_matched",
  "opportunity_approved",
  "opportunity_rejected",
  "opportunity_auto_approved",
  "application_received",
  "application_updated",
  "process_failed",
  "matches_digest",
  "report_resolved",
  "entity_hidden",
  "appeal_decided",
  "verification_decided",
  "membership_expired",
  "payment_refunded",
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];
