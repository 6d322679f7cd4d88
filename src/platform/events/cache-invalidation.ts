import { clearMicroCache } from "../http/micro-cache";
import type { EventHandler } from "./consumer";

/** Anonymous list answers are cached briefly; any listing or organisation change clears them. */
export const microCacheInvalidation: EventHandler = {
  name: "micro-cache-invalidation",
  // Named, not "*": every matching event costs a handler-run row, and most events change no list.
  types: [
    "opportunity.created",
    "opportunity.updated",
    "opportunity.status_changed",
    "opportunity.auto_approved",
    "opportunity.deleted",
    "entity.created",
    "entity.updated",
    "entity.deleted",
    "entity.hidden",
    "entity.restored",
  ],
  async handle() {
    clearMicroCache();
  },
};
