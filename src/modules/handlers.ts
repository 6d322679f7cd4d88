import type { EventHandler } from "@/src/platform/events/consumer";
import { actorCacheInvalidation } from "@/src/platform/auth/actor-cache-invalidation";
import { microCacheInvalidation } from "@/src/platform/events/cache-invalidation";
import { matcherOnListingEvents } from "./matcher/handlers";
import { tunnelPublisher } from "./tunnel/handlers";
import { applicationNotifications, reviewOutcomeNotifications } from "./notifications/handlers";
import { verificationLapseOnRename } from "./verification/handlers";

/** Every outbox consumer of the app, registered by server.ts at start. */
export const EVENT_HANDLERS: EventHandler[] = [microCacheInvalidation, actorCacheInvalidation, reviewOutcomeNotifications, applicationNotifications, matcherOnListingEvents, tunnelPublisher, verificationLapseOnRename];
