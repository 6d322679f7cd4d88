import { and, eq, lt } from "drizzle-orm";
import type { Db } from "@/src/platform/db/client";
import { logger } from "@/src/platform/log/logger";
import { paymentProvider, type ProviderLookup } from "@/src/modules/payments/providers";
import { checkAtProvider } from "@/src/modules/payments/reconcile";
import { paymentTransactions } from "@/src/modules/payments/schema";
import { releaseOrder } from "./orders";
import { storeOrders } from "./schema";

/**
 * The store-reservations pipeline: an order still unpaid when its reservation runs out is first
 * checked at its payment provider (paid after all: it is settled, not cancelled); otherwise the
 * payment is given up on there and here, the order cancelled and its stock released.
 */
export async function expireReservations(db: Db, now: Date, providerOf: ProviderLookup = paymentProvider) {
  const due = await db.select().from(storeOrders).where(and(eq(storeOrders.status, "pending_payment"), lt(storeOrders.reservedUntil, now))).limit(200);
  let released = 0;
  let paid = 0;
  let errors = 0;
  for (const order of due) {
    if (order.transactionId) {
      const [t] = await db.select().from(paymentTransactions).where(eq(paymentTransactions.id, order.transactionId));
      try {
        if (t && (t.status === "pending" || t.status === "created")) await checkAtProvider(db, t, now, true, providerOf);
      } catch (err) {
        errors++;
        logger().warn({ err, orderId: order.id }, "could not check an expiring order's payment; it stays reserved until the next run");
        continue;
      }
      const [after] = await db.select({ status: paymentTransactions.status }).from(paymentTransactions).where(eq(paymentTransactions.id, order.transactionId));
      if (after?.status === "succeeded") {
        paid++;
        continue;
      }
    }
    if (await db.transaction((tx) => releaseOrder(tx, order.id, now))) released++;
  }
  if (errors > 0) throw new Error(`${errors} of ${due.length} expiring orders could not be checked; released ${released}, paid ${paid}`);
  return { due: due.length, released, paid };
}
