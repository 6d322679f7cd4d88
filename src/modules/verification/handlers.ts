import type { EventHandler } from "@/src/platform/events/consumer";
import { lapseVerification } from "./service";

/** An owner's rename of a verified organisation: the procedure is revoked and the owner told (see `lapseVerification`). */
export const verificationLapseOnRename: EventHandler = {
  name: "verification.lapse-on-rename",
  types: ["entity.verification_lapsed"],
  async handle(db, event) {
    const { from, to, ownerId } = event.payload as { from: string; to: string; ownerId: string };
    await lapseVerification(db, { entityId: event.aggregateId, ownerId, from, to, key: String(event.id), now: event.createdAt });
  },
};
