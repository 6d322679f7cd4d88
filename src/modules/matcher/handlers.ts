import type { EventHandler } from "@/src/platform/events/consumer";
import { kickRerank } from "./llm/kick";
import { runMatcher } from "./service";

/** The matcher follows listings: it scores pending ones (for review and auto-approval) and notifies for active ones. */
export const matcherOnListingEvents: EventHandler = {
  name: "matcher.listing-events",
  types: ["opportunity.created", "opportunity.status_changed", "opportunity.updated"],
  async handle(db, event) {
    if (event.type === "opportunity.status_changed") {
      const to = (event.payload as { to?: string }).to;
      if (to !== "active" && to !== "pending") return;
    }
    const run = await runMatcher(db, event.aggregateId, event.type);
    if (run?.rerank) return kickRerank;
  },
};
