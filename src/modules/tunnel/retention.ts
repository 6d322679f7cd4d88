import { lt } from "drizzle-orm";
import type { Db } from "@/src/platform/db/client";
import { getSetting } from "@/src/platform/settings/resolve";
import { tunnelMessages } from "./schema";

/** Deletes messages past the retention; channel counters stay, so sequences never restart. */
export async function pruneTunnelMessages(db: Db, now: Date): Promise<number> {
  const hours = await getSetting<number>(db, "TUNNEL_RETENTION_HOURS");
  const deleted = await db
    .delete(tunnelMessages)
    .where(lt(tunnelMessages.createdAt, new Date(now.getTime() - hours * 3_600_000)))
    .returning({ seq: tunnelMessages.seq });
  return deleted.length;
}
