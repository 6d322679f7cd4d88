import { clearMicroCache } from "../http/micro-cache";
import type { EventHandler } from "./consumer";

/** Anonymous list answers are cached briefly; any listing or organisation change clears them. */
export const microCacheInvalidation: EventHandler = {
  name: "micro-cache-invalidation",
  types: "*",
  async handle(_db, event) {
    if (event.aggregateType === "opportunity" || event.aggregateType === "entity") clearMicroCache();
  },
};
